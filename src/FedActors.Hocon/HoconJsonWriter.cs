using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FedActors.Hocon;

/// <summary>Renders resolved values as JSON. Object keys are written in ordinal order, so equivalent spellings of a configuration give identical text.</summary>
public static class HoconJsonWriter
{
    public static string ToJson(HoconValue value, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                writer.WriteStartObject();
                foreach (var key in obj.Keys.OrderBy(k => k, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, obj[key]);
                }

                writer.WriteEndObject();
                break;
            case HoconArray array:
                writer.WriteStartArray();
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case HoconString s:
                writer.WriteStringValue(s.Value);
                break;
            case HoconNumber n:
                // The tokenizer only makes numbers of valid JSON spelling, so the original text is valid JSON.
                writer.WriteRawValue(n.Text, skipInputValidation: false);
                break;
            case HoconBoolean b:
                writer.WriteBooleanValue(b.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
