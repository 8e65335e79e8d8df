using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Ariadne.MLNet;

/// <summary>
/// What an estimator chain is, as params: every step by type name (<c>mlnet.pipeline</c>), the trainer and every one of
/// its options, including the defaults the user never set (ML.NET keeps them in the trainer's Options object, read
/// here by reflection), and the MLContext's seed. ML.NET exposes neither the chain's steps nor a trainer's options, so
/// this reads its private fields; a step it cannot read is still named. The members read of each type are looked up
/// once per process (autologging describes the pipeline twice per fit, and a training loop fits many times).
/// </summary>
internal static class PipelineDescription
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private const int MaxDepth = 3;
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> FieldsByType = new();
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> DeclaredScalarFieldsByType = new();
    private static readonly ConcurrentDictionary<Type, OptionMember[]> OptionMembersByType = new();
    private static readonly ConcurrentDictionary<Type, bool> TrainerTypes = new();
    private static readonly ConcurrentDictionary<Type, bool> NestedOptionTypes = new();
    private static readonly FieldInfo? EnvironmentField = typeof(MLContext).GetField("_env", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly Lazy<string> Version = new(ReadMLNetVersion);

    /// <summary>The params describing <paramref name="estimator"/> fitted in <paramref name="mlContext"/>, in a stable order.</summary>
    public static SortedDictionary<string, string> Of(MLContext mlContext, object estimator) => Of(mlContext, estimator, out _);

    /// <summary>
    /// The params describing <paramref name="estimator"/>; <paramref name="fillsInAtFit"/> is true when a trainer has
    /// settings it fills in only when it trains (LightGBM's booster, its native parameters), to be described again after the fit.
    /// </summary>
    public static SortedDictionary<string, string> Of(MLContext mlContext, object estimator, out bool fillsInAtFit)
    {
        var steps = Steps(estimator).ToList();
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AutologKeys.Pipeline] = string.Join(" -> ", steps.Select(s => Name(s.GetType()))),
            [AutologKeys.Seed] = Seed(mlContext) is { } seed ? seed.ToString(CultureInfo.InvariantCulture) : "none",
            [AutologKeys.Version] = MLNetVersion(),
        };
        var trainers = steps.Where(IsTrainer).ToList();
        var deferred = false;
        for (var i = 0; i < trainers.Count; i++)
        {
            var key = i == 0 ? AutologKeys.Trainer : $"{AutologKeys.Trainer}_{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            DescribeTrainer(trainers[i], key, values, 0, ref deferred);
        }

        fillsInAtFit = deferred;
        return values;
    }

    /// <summary>The ML.NET package version (5.0.1), from the assembly's informational version without its commit.</summary>
    public static string MLNetVersion() => Version.Value;

    private static string ReadMLNetVersion()
    {
        var informational = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? typeof(MLContext).Assembly.GetName().Version?.ToString(3) ?? "unknown";
    }

    /// <summary>The chain's steps in order, nested chains flattened; any other estimator is one step.</summary>
    public static IEnumerable<object> Steps(object estimator)
    {
        var type = estimator.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Microsoft.ML.Data.EstimatorChain<>)
            && type.GetField("_estimators", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(estimator) is IEnumerable inner)
        {
            foreach (var step in inner)
            {
                foreach (var flat in Steps(step))
                {
                    yield return flat;
                }
            }

            yield break;
        }

        yield return estimator;
    }

    /// <summary>True for a trainer (an <c>ITrainerEstimator</c>), false for a transform.</summary>
    public static bool IsTrainer(object estimator) =>
        TrainerTypes.GetOrAdd(estimator.GetType(), static t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITrainerEstimator<,>)));

    /// <summary>The ML task a trainer solves (BinaryClassification, Regression, ...), from its PredictionKind.</summary>
    public static string? Task(object trainer) =>
        trainer.GetType().GetProperty("PredictionKind", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(trainer)?.ToString();

    /// <summary>The seed the context was created with; null when it draws a random one.</summary>
    public static int? Seed(MLContext mlContext)
    {
        var environment = EnvironmentField?.GetValue(mlContext);
        return environment?.GetType().GetProperty("Seed", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(environment) as int?;
    }

    /// <summary>A type's name without the generic arity suffix, its type arguments in angle brackets.</summary>
    public static string Name(Type type)
    {
        // A nested options class is named with its declaring class: GradientBooster.Options, not Options.
        var outer = type.IsNested && !type.IsGenericType ? Name(type.DeclaringType!) + "." : "";
        if (!type.IsGenericType)
        {
            return outer + type.Name;
        }

        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? type.Name : type.Name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }

    private static void DescribeTrainer(object trainer, string key, SortedDictionary<string, string> values, int depth, ref bool deferred)
    {
        values[key] = Name(trainer.GetType());
        if (depth == 0 && Task(trainer) is { } task)
        {
            values[AutologKeys.Task] = task;
        }

        var fields = AllFields(trainer.GetType());
        var options = fields.FirstOrDefault(f => IsOptions(f.FieldType))?.GetValue(trainer);
        if (options is not null)
        {
            DescribeOptions(options, key + ".", values, 0, ref deferred);
        }
        else
        {
            // A trainer that keeps its settings in plain fields (KMeans): the scalar fields its own class declares.
            foreach (var field in DeclaredScalarFieldsByType.GetOrAdd(trainer.GetType(), static t => [.. t.GetFields(InstanceFields).Where(f => IsScalar(f.FieldType))]))
            {
                values[$"{key}.{OptionName(field.Name)}"] = Format(field.GetValue(trainer));
            }
        }

        // The parameters a trainer hands to a native library (LightGBM's GbmOptions, with the booster's settings and,
        // after the fit, the values it chose for options left unset).
        foreach (var field in fields.Where(f => typeof(IDictionary).IsAssignableFrom(f.FieldType)))
        {
            deferred = true; // filled in (or completed) by the fit
            if (field.GetValue(trainer) is IDictionary native)
            {
                foreach (DictionaryEntry entry in native)
                {
                    if (entry.Key is string name && (entry.Value is null || IsScalar(entry.Value.GetType())))
                    {
                        values[$"{key}.{OptionName(field.Name)}.{name}"] = Format(entry.Value);
                    }
                }
            }
        }

        // A meta-trainer (one-versus-all, pairwise coupling) holds the trainer it wraps.
        foreach (var field in fields.Where(f => !IsOptions(f.FieldType)))
        {
            if (depth < MaxDepth && field.GetValue(trainer) is { } inner && inner != trainer && IsTrainer(inner))
            {
                DescribeTrainer(inner, $"{key}.{OptionName(field.Name)}", values, depth + 1, ref deferred);
            }
        }
    }

    private static void DescribeOptions(object options, string prefix, SortedDictionary<string, string> values, int depth, ref bool deferred)
    {
        foreach (var member in OptionMembersByType.GetOrAdd(options.GetType(), OptionMembers))
        {
            var (name, type) = (member.Name, member.Type);
            var value = member.Read(options);
            if (value is not null && depth < MaxDepth && !IsScalar(value.GetType()) && value is not IEnumerable && HasOptionFields(value))
            {
                // Nested settings, such as LightGBM's Booster: its name, then its own options.
                values[prefix + name] = Name(value.GetType());
                DescribeOptions(value, $"{prefix}{name}.", values, depth + 1, ref deferred);
                continue;
            }

            if (value is null && !IsScalar(type) && !typeof(IEnumerable).IsAssignableFrom(type))
            {
                // Nested settings the trainer fills in when it trains (LightGBM's Booster): described after the fit.
                deferred = true;
                continue;
            }

            values[prefix + name] = IsScalar(type) || value is null or IEnumerable ? Format(value) : Name(value.GetType());
        }
    }

    private static OptionMember[] OptionMembers(Type type) =>
    [
        .. type.GetFields(BindingFlags.Instance | BindingFlags.Public).Select(f => new OptionMember(f.Name, f.FieldType, f.GetValue)),
        .. type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => new OptionMember(p.Name, p.PropertyType, p.GetValue)),
    ];

    private static bool HasOptionFields(object value) =>
        NestedOptionTypes.GetOrAdd(value.GetType(), static t =>
            t.Assembly.GetName().Name?.StartsWith("Microsoft.ML", StringComparison.Ordinal) == true
            && t.GetFields(BindingFlags.Instance | BindingFlags.Public).Length > 0);

    private static FieldInfo[] AllFields(Type type) =>
        FieldsByType.GetOrAdd(type, static start =>
        {
            var fields = new List<FieldInfo>();
            for (var t = start; t is not null && t != typeof(object); t = t.BaseType)
            {
                fields.AddRange(t.GetFields(InstanceFields));
            }

            return [.. fields];
        });

    /// <summary>A public field or property of an options object, and how to read it.</summary>
    private sealed record OptionMember(string Name, Type Type, Func<object, object?> Read);

    private static bool IsOptions(Type type) =>
        typeof(TrainerInputBase).IsAssignableFrom(type) || type.Name.EndsWith("Options", StringComparison.Ordinal) || type.Name.EndsWith("OptionsBase", StringComparison.Ordinal);

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);
    }

    private static string OptionName(string fieldName)
    {
        var name = fieldName.TrimStart('_');
        return name.Length == 0 ? fieldName : char.ToUpperInvariant(name[0]) + name[1..];
    }

    internal static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
