using Amazon.S3.Model;

namespace Ariadne.S3;

/// <summary>
/// The body of a GET, read-only and forward-only, that releases the whole response (and its connection) when disposed.
/// </summary>
internal sealed class S3ObjectReadStream(GetObjectResponse response) : Stream
{
    private readonly Stream _body = response.ResponseStream;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => response.ContentLength;

    public override long Position
    {
        get => throw new NotSupportedException("An S3 object stream reads forward only.");
        set => throw new NotSupportedException("An S3 object stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _body.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _body.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _body.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An S3 object stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("An S3 object stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An S3 object stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
