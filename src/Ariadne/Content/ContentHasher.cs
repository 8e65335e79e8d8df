using System.IO.MemoryMappedFiles;

namespace Ariadne.Content;

/// <summary>Hashes files and streams with BLAKE3. Large files are memory-mapped and hashed on several threads.</summary>
internal static class ContentHasher
{
    private const long MapThreshold = 1 << 20;
    private const long JoinThreshold = 64L << 20;
    private const int StreamBuffer = 1 << 20;

    public static ContentHash HashBytes(ReadOnlySpan<byte> data) => ContentHash.FromBytes(Blake3.Hasher.Hash(data).AsSpan());

    public static ContentHash HashFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var length = file.Length;
        if (length < MapThreshold)
        {
            return HashSmall(file, (int)length);
        }

        return HashMapped(file, length);
    }

    public static ContentHash HashStream(Stream stream)
    {
        using var hasher = Blake3.Hasher.New();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(StreamBuffer);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hasher.Update(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return ContentHash.FromBytes(hasher.Finalize().AsSpan());
    }

    /// <summary>Copies <paramref name="source"/> to a new file <paramref name="destination"/> and returns the hash of the bytes written, in one read.</summary>
    public static ContentHash CopyAndHash(string source, string destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        if (input.Length > 0)
        {
            output.SetLength(input.Length);
        }

        using var hasher = Blake3.Hasher.New();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(StreamBuffer);
        try
        {
            long total = 0;
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                hasher.Update(buffer.AsSpan(0, read));
                if (buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0) < 0)
                {
                    // All zeros: leave a hole (the length is already set), so sparse files stay sparse.
                    output.Seek(read, SeekOrigin.Current);
                }
                else
                {
                    output.Write(buffer, 0, read);
                }

                total += read;
            }

            if (total != output.Length)
            {
                // The source shrank while we read it: the copy holds exactly what was hashed.
                output.SetLength(total);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return ContentHash.FromBytes(hasher.Finalize().AsSpan());
    }

    private static ContentHash HashSmall(FileStream file, int length)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var total = 0;
            int read;
            while (total < length && (read = file.Read(buffer, total, length - total)) > 0)
            {
                total += read;
            }

            if (total == length)
            {
                return HashBytes(buffer.AsSpan(0, total));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        // The file shrank while we read it: hash whatever it holds now, as a stream.
        file.Position = 0;
        return HashStream(file);
    }

    private static unsafe ContentHash HashMapped(FileStream file, long length)
    {
        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            pointer += view.PointerOffset;
            using var hasher = Blake3.Hasher.New();
            const long piece = 1L << 30;
            for (long offset = 0; offset < length; offset += piece)
            {
                var span = new ReadOnlySpan<byte>(pointer + offset, (int)Math.Min(piece, length - offset));
                if (length >= JoinThreshold)
                {
                    hasher.UpdateWithJoin(span);
                }
                else
                {
                    hasher.Update(span);
                }
            }

            return ContentHash.FromBytes(hasher.Finalize().AsSpan());
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
