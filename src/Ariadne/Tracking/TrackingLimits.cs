using System.Globalization;

namespace Ariadne.Tracking;

/// <summary>
/// What a store accepts, checked before anything is written (MLflow's limits, so MLflow clients can read the data):
/// keys of 1 to 250 characters that do not start with '/' or contain '..', param values up to 6000 characters, tag
/// values up to 8000. Metric batches are not capped here: the SDK sends large batches for throughput, and the server
/// enforces MLflow's request limits itself.
/// </summary>
internal static class TrackingLimits
{
    public const int MaxKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxNameLength = 500;
    public const int MaxContentHashes = 1000;

    /// <summary>Throws InvalidArgument naming the key unless it is a valid metric, param or tag key.</summary>
    public static void CheckKey(string kind, string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw AriadneException.InvalidArgument($"A {kind} key must not be empty. Give every {kind} a name such as 'train/loss'.");
        }

        if (key.Length > MaxKeyLength)
        {
            throw AriadneException.InvalidArgument(
                $"The {kind} key '{key[..80]}…' is {key.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is {MaxKeyLength.ToString(CultureInfo.InvariantCulture)}. Use a shorter key.");
        }

        if (key[0] == '/' || key.Contains("..", StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"The {kind} key '{key}' must not start with '/' or contain '..'. Keys name values, not paths outside the run.");
        }

        InvisibleCharacters.Refuse($"{kind} key", key);
    }

    public static void CheckParam(string key, string? value)
    {
        CheckKey("param", key);
        if (value is null)
        {
            throw AriadneException.InvalidArgument($"Param '{key}' has no value; log an empty string for an empty value.");
        }

        if (value.Length > MaxParamValueLength)
        {
            throw AriadneException.InvalidArgument(
                $"The value of param '{key}' is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is {MaxParamValueLength.ToString(CultureInfo.InvariantCulture)}. Log long values as an artifact instead.");
        }
    }

    public static void CheckTag(string kind, string key, string? value)
    {
        CheckKey(kind, key);
        if (value is null)
        {
            throw AriadneException.InvalidArgument($"The {kind} '{key}' has no value; use an empty string or delete the tag.");
        }

        if (value.Length > MaxTagValueLength)
        {
            throw AriadneException.InvalidArgument(
                $"The value of {kind} '{key}' is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is {MaxTagValueLength.ToString(CultureInfo.InvariantCulture)}. Log long values as an artifact instead.");
        }
    }

    public static void CheckName(string what, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw AriadneException.InvalidArgument($"The {what} name must not be empty.");
        }

        if (name.Length > MaxNameLength)
        {
            throw AriadneException.InvalidArgument($"The {what} name '{name[..60]}…' is longer than {MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters. Use a shorter name.");
        }

        InvisibleCharacters.Refuse($"{what} name", name);
    }

    /// <summary>An experiment name as stores keep and look it up: in NFC, so 'café' composed and decomposed is one experiment.</summary>
    public static string ExperimentName(string name) => CanonicalComposition.Compose(name);

    /// <summary>A run id given by the caller: 1 to 64 letters, digits, '-' or '_' (32 lowercase hex when Ariadne makes one).</summary>
    public static void CheckRunId(string runId)
    {
        if (runId.Length is 0 or > 64 || !runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw AriadneException.InvalidArgument($"Run id '{runId}' is not valid: use 1 to 64 letters, digits, '-' or '_', or leave it out to get a new one.");
        }
    }

    /// <summary>An artifact path relative to the run's artifact root, without '..' segments.</summary>
    public static void CheckArtifact(string? path, string? hash, long size)
    {
        if (string.IsNullOrWhiteSpace(path) || path[0] == '/' || path[0] == '\\'
            || path.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw AriadneException.InvalidArgument($"Artifact path '{path}' must be relative to the run's artifact folder, without '..' (e.g. 'model/weights.bin').");
        }

        InvisibleCharacters.Refuse("artifact path", path);

        if (string.IsNullOrWhiteSpace(hash))
        {
            throw AriadneException.InvalidArgument($"Artifact '{path}' has no content hash; store the file in the cache first.");
        }

        if (size < 0)
        {
            throw AriadneException.InvalidArgument($"Artifact '{path}' has a negative size ({size.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    public static void CheckInput(string? hash, string? role)
    {
        if (string.IsNullOrWhiteSpace(hash))
        {
            throw AriadneException.InvalidArgument("A run input needs the dataset's content hash (from its pointer file).");
        }

        if (string.IsNullOrWhiteSpace(role) || role.Length > MaxKeyLength)
        {
            throw AriadneException.InvalidArgument($"Input {hash} needs a role of 1 to {MaxKeyLength.ToString(CultureInfo.InvariantCulture)} characters, such as 'train', 'validation' or 'test'.");
        }
    }

    /// <summary>
    /// Throws InvalidArgument unless <paramref name="clientId"/> names a writer of sequenced batches (1 to 64 letters,
    /// digits, '-' or '_') and <paramref name="sequence"/> is 1 or more.
    /// </summary>
    public static void CheckBatchSequence(string? clientId, long sequence)
    {
        if (clientId is not { Length: > 0 and <= 64 } || !clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw AriadneException.InvalidArgument($"Invalid client_id '{clientId}': use 1 to 64 letters, digits, '-' or '_' (one id per writer, the same on every retry).");
        }

        if (sequence < 1)
        {
            throw AriadneException.InvalidArgument(
                $"Invalid sequence {sequence.ToString(CultureInfo.InvariantCulture)}: a writer numbers its batches 1, 2, 3 … and sends a retried batch with its old number.");
        }
    }

    /// <summary>A content-index query names 1 to <see cref="MaxContentHashes"/> hashes, none empty.</summary>
    public static void CheckContentQuery(IReadOnlyList<string>? hashes)
    {
        if (hashes is null || hashes.Count == 0 || hashes.Count > MaxContentHashes)
        {
            throw AriadneException.InvalidArgument($"A content lookup takes 1 to {MaxContentHashes.ToString(CultureInfo.InvariantCulture)} hashes, not {(hashes?.Count ?? 0).ToString(CultureInfo.InvariantCulture)}. Split the lookup into smaller ones.");
        }

        if (hashes.Any(string.IsNullOrWhiteSpace))
        {
            throw AriadneException.InvalidArgument("A content lookup was given an empty hash. Pass the BLAKE3 hashes (64 hex digits) of the files to look up.");
        }
    }
}
