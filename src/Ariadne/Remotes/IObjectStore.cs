using Ariadne.Content;

namespace Ariadne.Remotes;

/// <summary>
/// A place content objects are pushed to and pulled from (a folder, an S3 bucket). Few primitives; the workspace
/// decides what moves and verifies every byte that comes back.
/// </summary>
public interface IObjectStore
{
    /// <summary>How the store names itself in messages, e.g. <c>s3://bucket/prefix</c>.</summary>
    string Description { get; }

    /// <summary>True when the store holds the object.</summary>
    Task<bool> ExistsAsync(ContentHash hash, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a local file as the object <paramref name="hash"/>, replacing what the store holds under that name.
    /// The object appears whole or not at all.
    /// </summary>
    Task PutAsync(ContentHash hash, string sourceFile, CancellationToken cancellationToken);

    /// <summary>Opens the object's content for reading; throws <see cref="ErrorCode.ObjectNotFound"/> when absent.</summary>
    Task<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken);
}
