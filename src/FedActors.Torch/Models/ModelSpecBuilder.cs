namespace FedActors.Torch;

/// <summary>Writes layer lines while tracking the activation shape, so that each layer gets its input size right.</summary>
public sealed class ModelSpecBuilder
{
    private readonly List<string> _layers = new();
    private readonly int[] _input;
    private int[] _shape;

    /// <param name="inputShape">One sample: (channels, height, width) for images, (features) for vectors.</param>
    public ModelSpecBuilder(params int[] inputShape)
    {
        if (inputShape.Length is not (1 or 3) || inputShape.Any(d => d < 1))
        {
            throw new ArgumentException("an input shape is (features) or (channels, height, width), all positive", nameof(inputShape));
        }

        _input = inputShape.ToArray();
        _shape = inputShape.ToArray();
    }

    /// <summary>The activation shape after the layers so far.</summary>
    public IReadOnlyList<int> Shape => _shape;

    public ModelSpecBuilder Conv2d(int outChannels, int kernel, int stride = 1, int padding = 0)
    {
        var (c, h, w) = Image("conv2d");
        _layers.Add($"conv2d {c} {outChannels} {kernel} {stride} {padding}");
        return SetShape("conv2d", outChannels, (h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1);
    }

    public ModelSpecBuilder ConvTranspose2d(int outChannels, int kernel, int stride = 1, int padding = 0)
    {
        var (c, h, w) = Image("convtranspose2d");
        _layers.Add($"convtranspose2d {c} {outChannels} {kernel} {stride} {padding}");
        return SetShape("convtranspose2d", outChannels, (h - 1) * stride - 2 * padding + kernel, (w - 1) * stride - 2 * padding + kernel);
    }

    public ModelSpecBuilder Linear(int outFeatures)
    {
        if (_shape.Length != 1)
        {
            throw new ArgumentException($"linear needs a flat input, but the shape is {string.Join('x', _shape)}; add Flatten() first");
        }

        _layers.Add($"linear {_shape[0]} {outFeatures}");
        return SetShape("linear", outFeatures);
    }

    public ModelSpecBuilder BatchNorm()
    {
        _layers.Add(_shape.Length == 1 ? $"batchnorm1d {_shape[0]}" : $"batchnorm2d {_shape[0]}");
        return this;
    }

    public ModelSpecBuilder Relu() => Add("relu");

    public ModelSpecBuilder LeakyRelu(double slope) =>
        Add(FormattableString.Invariant($"leakyrelu {slope}"));

    public ModelSpecBuilder Tanh() => Add("tanh");

    public ModelSpecBuilder Flatten()
    {
        _layers.Add("flatten");
        return SetShape("flatten", _shape.Aggregate(1, (a, b) => checked(a * b)));
    }

    public ModelSpecBuilder Unflatten(int channels, int height, int width)
    {
        if (_shape.Length != 1 || _shape[0] != channels * height * width)
        {
            throw new ArgumentException($"cannot unflatten {string.Join('x', _shape)} into {channels}x{height}x{width}");
        }

        _layers.Add($"unflatten {channels} {height} {width}");
        return SetShape("unflatten", channels, height, width);
    }

    public ModelSpecBuilder MaxPool2d(int kernel, int? stride = null) => Pool("maxpool2d", kernel, stride ?? kernel);

    public ModelSpecBuilder AvgPool2d(int kernel, int? stride = null) => Pool("avgpool2d", kernel, stride ?? kernel);

    public ModelSpecBuilder GlobalAvgPool2d()
    {
        var (c, _, _) = Image("adaptiveavgpool2d");
        _layers.Add("adaptiveavgpool2d 1");
        return SetShape("adaptiveavgpool2d", c, 1, 1);
    }

    /// <summary>A ResNet basic block: two 3x3 convolutions with batch norm, and a projection shortcut when the shape changes.</summary>
    public ModelSpecBuilder ResBlock(int outChannels, int stride = 1)
    {
        var (c, h, w) = Image("resblock");
        _layers.Add($"resblock {c} {outChannels} {stride}");
        return SetShape("resblock", outChannels, (h - 1) / stride + 1, (w - 1) / stride + 1);
    }

    public ModelSpec Build(string name)
    {
        if (_shape.Length != 1)
        {
            throw new ArgumentException($"{name}: the last layer must produce a flat vector of class scores, not {string.Join('x', _shape)}");
        }

        return new ModelSpec(name, _input, _shape[0], _layers.ToArray());
    }

    private ModelSpecBuilder Add(string line)
    {
        _layers.Add(line);
        return this;
    }

    private ModelSpecBuilder Pool(string kind, int kernel, int stride)
    {
        var (c, h, w) = Image(kind);
        _layers.Add($"{kind} {kernel} {stride}");
        return SetShape(kind, c, (h - kernel) / stride + 1, (w - kernel) / stride + 1);
    }

    private (int C, int H, int W) Image(string layer) => _shape.Length == 3
        ? (_shape[0], _shape[1], _shape[2])
        : throw new ArgumentException($"{layer} needs an image input (channels x height x width), but the shape is {string.Join('x', _shape)}");

    private ModelSpecBuilder SetShape(string layer, params int[] shape)
    {
        if (shape.Any(d => d < 1))
        {
            throw new ArgumentException($"{layer} would produce the empty shape {string.Join('x', shape)}");
        }

        _shape = shape;
        return this;
    }
}
