using System.Text;

namespace FedActors.Hocon;

/// <summary>
/// Resolves substitutions, merges and concatenations into plain values, lazily and per path.
/// </summary>
/// <remarks>
/// Every path has a <em>stack</em> of definitions, newest first: the definitions of the key in each object that
/// defines the path, across duplicate keys, includes and fallbacks. A stack resolves from the top: objects merge
/// with the objects below them, and the first non-object ends the stack (spec: "merging is always done two values
/// at a time"). A substitution or concatenation that is the direct value of a field is potentially
/// self-referential; while it resolves, the lookup document has that definition and every newer one of the same
/// path cut away (spec: "remove that field and all fields which override it from the lookup document"), so
/// <c>path = ${path} [x]</c> sees the older value. Any other return to a value being resolved is a cycle.
/// </remarks>
internal sealed partial class HoconResolver
{
    private readonly IReadOnlyList<Node> _roots;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, HoconValue?> _memo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly List<SubstitutionNode> _trace = new();

    public HoconResolver(IReadOnlyList<Node> roots, Func<string, string?> environment)
    {
        _roots = roots;
        _environment = environment;
    }

    public HoconObject ResolveRoot(HoconPosition origin)
    {
        try
        {
            return ResolveStack(HoconPath.Root, _roots, ResolutionView.Empty) as HoconObject
                ?? new HoconObject(Array.Empty<KeyValuePair<string, HoconValue>>(), origin);
        }
        catch (CycleException cycle)
        {
            throw new HoconException(cycle.Position, cycle.Reason);
        }
    }

    private HoconValue? ResolveStack(HoconPath path, IReadOnlyList<Node> layers, ResolutionView view)
    {
        var signature = string.Join(',', layers.Where(l => l is not ResolvedNode).Select(l => l.Id));
        if (signature.Length == 0)
        {
            return ResolveStackCore(path, layers, view);
        }

        var memoKey = $"S|{path.Key}|{signature}|{view.Key}";
        if (_memo.TryGetValue(memoKey, out var known))
        {
            return known;
        }

        var progressKey = $"{path.Key}|{signature}";
        if (!_inProgress.Add(progressKey))
        {
            // Point at the substitution that closed the loop when there is one.
            throw new CycleException(_trace.Count > 0 ? _trace[^1].Position : layers[0].Position,
                $"circular reference: the value of '{path}' depends on itself{DescribeTrace()}");
        }

        try
        {
            var value = ResolveStackCore(path, layers, view);
            _memo[memoKey] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(progressKey);
        }
    }

    private HoconValue? ResolveStackCore(HoconPath path, IReadOnlyList<Node> layers, ResolutionView view)
    {
        var objectLayers = new List<Node>();
        foreach (var layer in layers)
        {
            HoconValue? value;
            switch (layer)
            {
                case ObjectNode:
                case ResolvedNode { Value: HoconObject }:
                    objectLayers.Add(layer);
                    continue;
                case SubstitutionNode or ConcatNode:
                    value = ResolveLayer(path, layer, view.Restrict(path, layer));
                    if (value is null)
                    {
                        continue;
                    }

                    if (value is HoconObject)
                    {
                        objectLayers.Add(new ResolvedNode(value));
                        continue;
                    }

                    break;
                default:
                    // A non-object below an object is hidden by it and never evaluated.
                    value = objectLayers.Count == 0 ? ResolveNonObject(path, layer, view) : null;
                    break;
            }

            return objectLayers.Count == 0 ? value : MergeObjects(path, objectLayers, view);
        }

        return objectLayers.Count == 0 ? null : MergeObjects(path, objectLayers, view);
    }

    private HoconObject MergeObjects(HoconPath path, List<Node> objectLayers, ResolutionView view)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = objectLayers.Count - 1; i >= 0; i--)
        {
            foreach (var key in KeysOf(objectLayers[i]))
            {
                if (seen.Add(key))
                {
                    keys.Add(key);
                }
            }
        }

        var fields = new List<KeyValuePair<string, HoconValue>>(keys.Count);
        foreach (var key in keys)
        {
            var childPath = path.Append(key);
            var stack = new List<Node>();
            foreach (var layer in objectLayers)
            {
                AddChildDefinitions(layer, key, stack);
            }

            var value = ResolveStack(childPath, view.Filter(childPath, stack, out _), view);
            if (value is not null)
            {
                fields.Add(new(key, value));
            }
        }

        return new HoconObject(fields, objectLayers[0].Position);
    }

    private static IEnumerable<string> KeysOf(Node objectLayer) => objectLayer switch
    {
        ObjectNode o => o.Keys,
        ResolvedNode { Value: HoconObject o } => o.Keys,
        _ => Array.Empty<string>(),
    };

    private static void AddChildDefinitions(Node objectLayer, string key, List<Node> stack)
    {
        if (objectLayer is ObjectNode o)
        {
            var definitions = o.DefinitionsOf(key);
            for (var i = definitions.Count - 1; i >= 0; i--)
            {
                stack.Add(definitions[i]);
            }
        }
        else if (objectLayer is ResolvedNode { Value: HoconObject resolved } && resolved.TryGetValue(key, out var value))
        {
            stack.Add(new ResolvedNode(value));
        }
    }

    private HoconValue ResolveNonObject(HoconPath path, Node layer, ResolutionView view) => layer switch
    {
        LiteralNode literal => literal.Value,
        ResolvedNode resolved => resolved.Value,
        ArrayNode array => ResolveArray(path, array, view),
        _ => throw new InvalidOperationException($"unexpected layer {layer.GetType().Name}"),
    };

    private HoconArray ResolveArray(HoconPath path, ArrayNode array, ResolutionView view)
    {
        var items = new List<HoconValue>(array.Items.Count);
        for (var i = 0; i < array.Items.Count; i++)
        {
            // Elements have no path of their own; a synthetic key keeps memo and cycle keys distinct.
            var elementPath = path.Append($"[{i}]");
            var item = array.Items[i];
            var value = item switch
            {
                SubstitutionNode or ConcatNode => ResolveLayer(elementPath, item, view),
                ObjectNode => ResolveStack(elementPath, new[] { item }, view),
                _ => ResolveNonObject(elementPath, item, view),
            };

            // Spec: an undefined ${?x} "if it is an array element then the element should not be added".
            if (value is not null)
            {
                items.Add(value);
            }
        }

        return new HoconArray(items, array.Position);
    }

    private HoconValue? ResolveLayer(HoconPath path, Node node, ResolutionView view) => node switch
    {
        SubstitutionNode substitution => Lookup(substitution, view),
        ConcatNode concat => ResolveConcat(path, concat, view),
        _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name}"),
    };

    private HoconValue? Lookup(SubstitutionNode substitution, ResolutionView view)
    {
        // Spec: "all substitutions must be memoized (resolved once, with the result retained)", keyed by the
        // substitution instance; so `a : ${b}, b : ${a}` over earlier values gives both fields the same value.
        var memoKey = $"L|{substitution.Id}";
        if (_memo.TryGetValue(memoKey, out var known))
        {
            return known;
        }

        _trace.Add(substitution);
        try
        {
            var value = LookupCore(substitution, view);
            _memo[memoKey] = value;
            return value;
        }
        catch (CycleException) when (substitution.Optional)
        {
            // Spec: "Cycles should be treated the same as a missing value when resolving an optional substitution".
            _memo[memoKey] = null;
            return null;
        }
        finally
        {
            _trace.RemoveAt(_trace.Count - 1);
        }
    }

    private HoconValue? LookupCore(SubstitutionNode substitution, ResolutionView view)
    {
        var candidates = substitution.IncludePrefix is null
            ? new[] { substitution.Path }
            : new[] { substitution.IncludePrefix.Append(substitution.Path), substitution.Path };
        var cut = false;
        foreach (var candidate in candidates)
        {
            var layers = StackAt(candidate, view, ref cut);
            if (layers.Count > 0 && ResolveStack(candidate, layers, view) is { } value)
            {
                return value;
            }
        }

        // Spec: "Substitutions not found in the configuration may also fall back to environment variables";
        // "env variables set to the empty string are kept as such".
        var variable = string.Join('.', substitution.Path.Elements);
        var fromEnvironment = _environment(variable);
        if (fromEnvironment is not null)
        {
            return new HoconString(fromEnvironment, substitution.Position);
        }

        if (substitution.Optional)
        {
            return null;
        }

        if (cut)
        {
            throw new CycleException(substitution.Position,
                $"circular reference: {substitution} refers back to itself and '{substitution.Path}' has no earlier value to use{DescribeTrace()}");
        }

        throw new HoconException(substitution.Position,
            $"could not resolve {substitution}: '{substitution.Path}' is not set, and there is no environment variable {variable}");
    }

    /// <summary>The definitions of <paramref name="path"/> as seen through <paramref name="view"/>, newest first.</summary>
    private IReadOnlyList<Node> StackAt(HoconPath path, ResolutionView view, ref bool cut)
    {
        var layers = view.Filter(HoconPath.Root, _roots, out var rootCut);
        cut |= rootCut;
        for (var depth = 0; depth < path.Count && layers.Count > 0; depth++)
        {
            var parentPath = path.Take(depth);
            var key = path.Elements[depth];
            var next = new List<Node>();
            foreach (var layer in layers)
            {
                var objectLayer = layer;
                if (layer is SubstitutionNode or ConcatNode)
                {
                    var resolved = ResolveLayer(parentPath, layer, view.Restrict(parentPath, layer));
                    if (resolved is null)
                    {
                        continue;
                    }

                    objectLayer = new ResolvedNode(resolved);
                }

                if (objectLayer is not (ObjectNode or ResolvedNode { Value: HoconObject }))
                {
                    break;
                }

                AddChildDefinitions(objectLayer, key, next);
            }

            var childPath = path.Take(depth + 1);
            layers = view.Filter(childPath, next, out var childCut);
            cut |= childCut;
        }

        return layers;
    }

    private string DescribeTrace() =>
        _trace.Count < 2 ? string.Empty : " (through " + string.Join(" -> ", _trace.Select(s => $"{s} at {s.Position}")) + ")";
}
