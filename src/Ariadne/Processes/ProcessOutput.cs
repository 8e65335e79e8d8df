using System.Text;
using CliWrap;

namespace Ariadne.Processes;

/// <summary>
/// Where one of a child's output streams goes while it runs. Every stream is read to its end as the child writes it,
/// so a child that fills one pipe while Ariadne waits on the other never blocks. A stream given no target is kept
/// in the <see cref="ProcessResult"/> instead.
/// </summary>
internal sealed class ProcessOutput
{
    /// <summary>The encoding children's output is read in (UTF-8 without a byte order mark).</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Func<PipeTarget> _target;

    private ProcessOutput(Func<PipeTarget> target) => _target = target;

    /// <summary>Each line as it completes (without its line ending); a last line without one comes at the end.</summary>
    public static ProcessOutput Lines(Action<string> line) => new(() => PipeTarget.ToDelegate(line, Encoding));

    /// <summary>The text as it arrives, in pieces of any size: for a terminal, where a progress bar must not wait for a newline.</summary>
    public static ProcessOutput Text(Action<string> text) => new(() => PipeTarget.Create(async (stream, cancellationToken) =>
    {
        using var reader = new StreamReader(stream, Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            text(new string(buffer, 0, read));
        }
    }));

    /// <summary>The raw bytes, copied into <paramref name="destination"/> (which stays open).</summary>
    public static ProcessOutput Bytes(Stream destination) => new(() => PipeTarget.ToStream(destination));

    /// <summary>Read and dropped.</summary>
    public static ProcessOutput Discard { get; } = new(() => PipeTarget.Null);

    internal PipeTarget ToPipeTarget() => _target();
}
