using System.Globalization;
using Ariadne.Server.Hosting;
using Ariadne.Tracking;

namespace Ariadne.Server.Mlflow;

/// <summary>Reading the parameters of MLflow requests: required fields, page sizes and view types, refused with MLflow's 400 errors.</summary>
internal static class MlflowParameters
{
    /// <summary>A view type by name or number (ACTIVE_ONLY = 1, DELETED_ONLY = 2, ALL = 3); absent means active only.</summary>
    public static ViewType ParseViewType(string? text, string parameter) => text?.ToUpperInvariant() switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => ViewType.DeletedOnly,
        "ALL" or "3" => ViewType.All,
        _ => throw ApiException.InvalidParameter($"Invalid value '{text}' for parameter '{parameter}': use ACTIVE_ONLY, DELETED_ONLY or ALL."),
    };

    public static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw ApiException.MissingParameter(name) : value;

    public static T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw ApiException.MissingParameter(name);

    public static string RunIdOf(RunRequest request) => Required(request.RunId is { Length: > 0 } id ? id : request.RunUuid, "run_id");

    public static int MaxResults(long? requested, int defaultValue, int limit, string name)
    {
        if (requested is null or 0)
        {
            return defaultValue;
        }

        return requested < 0 || requested > limit
            ? throw ApiException.InvalidParameter($"Invalid value {requested.Value.ToString(CultureInfo.InvariantCulture)} for parameter '{name}': it must be between 1 and {limit.ToString(CultureInfo.InvariantCulture)}.")
            : (int)requested.Value;
    }
}
