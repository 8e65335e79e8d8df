using System.Runtime.CompilerServices;
using Ariadne.Content;

namespace Ariadne.Remotes;

/// <summary>
/// A remote that is a local or mounted folder (NFS, SMB, a USB disk), laid out like the cache:
/// <c>ab/cdef…</c>. Uploads go to a temporary name in the same folder and are renamed into place.
/// </summary>
internal sealed class LocalFolderStore : IObjectStore, IObjectListing
{
    private readonly string _root;

    public LocalFolderStore(RemoteSettings settings)
    {
        var url = settings.Url;
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            url = Uri.UnescapeDataString(url["file://".Length..]);
        }

        _root = Path.GetFullPath(url);
        Description = _root;
    }

    public string Description { get; }

    public Task<bool> ExistsAsync(ContentHash hash, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(hash)));

    public async Task PutAsync(ContentHash hash, string sourceFile, CancellationToken cancellationToken)
    {
        var target = PathOf(hash);
        var folder = Path.GetDirectoryName(target)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AriadneException.RemoteUnavailable(Description, e.Message, e);
        }

        var temp = Path.Combine(folder, $".{hash.Hex[2..]}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var destination = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(destination, 1 << 20, cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                destination.Flush(flushToDisk: true);
            }

            FileModes.MakeReadOnly(temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Task<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var path = PathOf(hash);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (FileNotFoundException)
        {
            throw AriadneException.ObjectNotFound(hash.Hex, $"remote {Description}");
        }
        catch (DirectoryNotFoundException)
        {
            throw AriadneException.ObjectNotFound(hash.Hex, $"remote {Description}");
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prefix = Path.GetFileName(folder);
            if (prefix.Length != 2)
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (ContentHash.TryParse(prefix + Path.GetFileName(file), out var hash))
                {
                    yield return new StoredObject(hash, new FileInfo(file).Length);
                }
            }

            await Task.Yield();
        }
    }

    private string PathOf(ContentHash hash) => Path.Combine(_root, hash.Hex[..2], hash.Hex[2..]);
}
