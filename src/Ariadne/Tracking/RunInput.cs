namespace Ariadne.Tracking;

/// <summary>
/// A dataset version a run read, by content hash (the pointer file's BLAKE3), with its role such as train, validation
/// or test. Name and version are set when the hash is registered as a named dataset version.
/// </summary>
public sealed record RunInput(string DatasetHash, string Role, string? PointerPath = null, string? DatasetName = null, string? DatasetVersion = null);
