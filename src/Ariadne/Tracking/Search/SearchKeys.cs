namespace Ariadne.Tracking.Search;

/// <summary>The names a search may use: entities, attributes, dataset keys and run statuses.</summary>
internal static class SearchKeys
{
    public const string EntityList = "metrics, params, tags, attributes (or run) or datasets";

    public const string StringAttributeList = "run_id, run_name, status, user_id, artifact_uri, parent_run_id";

    public const string NumberAttributeList = "start_time, end_time";

    public const string DatasetKeyList = "hash, role, name";

    public const string StatusList = "RUNNING, SCHEDULED, FINISHED, FAILED or KILLED";

    private static readonly string[] Statuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    public static SearchEntity? ParseEntity(string word) => word.ToUpperInvariant() switch
    {
        "METRIC" or "METRICS" => SearchEntity.Metric,
        "PARAM" or "PARAMS" or "PARAMETER" or "PARAMETERS" => SearchEntity.Param,
        "TAG" or "TAGS" => SearchEntity.Tag,
        "ATTRIBUTE" or "ATTRIBUTES" or "ATTR" or "RUN" => SearchEntity.Attribute,
        "DATASET" or "DATASETS" => SearchEntity.Dataset,
        _ => null,
    };

    public static string EntityName(SearchEntity entity) => entity switch
    {
        SearchEntity.Metric => "metrics",
        SearchEntity.Param => "params",
        SearchEntity.Tag => "tags",
        SearchEntity.Attribute => "attributes",
        _ => "datasets",
    };

    /// <summary>The canonical attribute name, or null when <paramref name="key"/> is not a searchable attribute.</summary>
    public static string? Attribute(string key) => key.ToLowerInvariant() switch
    {
        "run_id" => "run_id",
        "run_name" => "run_name",
        "status" => "status",
        "user_id" => "user_id",
        "artifact_uri" => "artifact_uri",
        "parent_run_id" => "parent_run_id",
        "start_time" => "start_time",
        "end_time" => "end_time",
        _ => null,
    };

    public static bool IsNumberAttribute(string attribute) => attribute is "start_time" or "end_time";

    /// <summary>Attributes that are NULL for some runs (a running run has no end time).</summary>
    public static bool IsNullableAttribute(string attribute) => attribute is "end_time" or "parent_run_id";

    /// <summary>The column of <c>runs</c> that holds an attribute.</summary>
    public static string AttributeColumn(string attribute) => attribute == "run_name" ? "name" : attribute;

    /// <summary>The canonical dataset key; MLflow's <c>digest</c> and <c>context</c> are accepted for hash and role.</summary>
    public static string? DatasetKey(string key) => key.ToLowerInvariant() switch
    {
        "hash" or "digest" => "hash",
        "role" or "context" => "role",
        "name" => "name",
        _ => null,
    };

    public static string DatasetColumn(string key) => key switch
    {
        "hash" => "dataset_hash",
        "role" => "role",
        _ => "dataset_name",
    };

    /// <summary>The upper-case status, or null when <paramref name="value"/> is not a run status.</summary>
    public static string? Status(string value)
    {
        var upper = value.ToUpperInvariant();
        return Array.IndexOf(Statuses, upper) >= 0 ? upper : null;
    }
}
