using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Ariadne.Tracking;

/// <summary>
/// How param values are written: numbers, dates and other formattable values in the invariant culture, strings as they
/// are, and collections, records and anonymous objects as JSON (never "System.Int32[]" or "{ lr = 0.1 }"). A config
/// object or dictionary is flattened to dotted keys (<c>model.layers</c>): nested dictionaries, records and plain
/// objects become key prefixes; arrays and other collections stay one JSON value.
/// </summary>
internal static class ParamValues
{
    /// <summary>One param's value as text; null is an argument error that names the key.</summary>
    public static string Format(string key, object? value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value), $"The param '{key}' was given null as its value. A param records a value: log it once the value is known, or leave the param out."),
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable => Json(value),
        _ when IsStructured(value) => Json(value),
        _ => value.ToString() ?? "",
    };

    /// <summary>The entries of a config object or dictionary, flattened to dotted keys under <paramref name="prefix"/>.</summary>
    public static List<KeyValuePair<string, object>> Flatten(object config, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(config);
        var entries = new List<KeyValuePair<string, object>>();
        Walk(config, prefix, entries, depth: 0);
        return entries;
    }

    private static void Walk(object node, string prefix, List<KeyValuePair<string, object>> entries, int depth)
    {
        if (depth > 32)
        {
            throw AriadneException.InvalidArgument($"The config nests deeper than 32 levels at '{prefix}' (a cycle?). Log a smaller object.");
        }

        foreach (var (name, value) in Members(node))
        {
            var key = prefix.Length == 0 ? name : prefix + "." + name;
            if (value is not null and not string and (IDictionary or not IEnumerable) && (value is IDictionary || IsStructured(value)))
            {
                Walk(value, key, entries, depth + 1);
            }
            else
            {
                entries.Add(new(key, value ?? "null"));
            }
        }
    }

    private static IEnumerable<(string Name, object? Value)> Members(object node)
    {
        if (node is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return (Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "", entry.Value);
            }

            yield break;
        }

        foreach (var property in Properties(node.GetType()))
        {
            yield return (property.Name, property.GetValue(node));
        }
    }

    /// <summary>A record, an anonymous object, or a class that keeps the default ToString: shown by its properties.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reads the members of the caller's own config type at run time; in a trimmed app members never read elsewhere may be missing, and the value is then written with fewer fields, never wrong ones.")]
    private static bool IsStructured(object value)
    {
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is IFormattable or Delegate or Type)
        {
            return false;
        }

        var anonymous = type.IsDefined(typeof(CompilerGeneratedAttribute), false) && type.Name.Contains("AnonymousType", StringComparison.Ordinal);
        var record = type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);
        var plain = type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType == typeof(object) || (type.IsValueType && type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType == typeof(ValueType));
        return anonymous || record || plain;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See IsStructured: the config type's own public properties, read at run time.")]
    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    private static string Json(object value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, depth: 0);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes one value as JSON: numbers as numbers (NaN and infinities as strings), collections as arrays, records as objects.</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value) => Write(writer, value, depth: 0);

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > 32)
        {
            throw AriadneException.InvalidArgument("A param value nests deeper than 32 levels (a cycle?). Log a smaller value.");
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case double d when !double.IsFinite(d):
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case float f when !float.IsFinite(f):
                writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                break;
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                writer.WriteRawValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                if (IsStructured(value))
                {
                    writer.WriteStartObject();
                    foreach (var property in Properties(value.GetType()))
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.GetValue(value), depth + 1);
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStringValue(value.ToString());
                }

                break;
        }
    }
}
