namespace Ariadne.Registry;

/// <summary>One file of a model version, stored by content hash: its path inside the model, BLAKE3 hash and size in bytes.</summary>
/// <param name="Path">The path inside the model, with '/' separators (e.g. <c>model.zip</c> or <c>weights/layer1.bin</c>).</param>
/// <param name="Hash">The file's BLAKE3 content hash (64 hex digits): where it lies in the content cache or artifact store.</param>
/// <param name="Size">The file's size in bytes.</param>
public sealed record ModelFile(string Path, string Hash, long Size);
