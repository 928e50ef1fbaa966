using System.Buffers;

namespace ContactTrace.Bench.Posting;

/// <summary>
/// One request body of <see cref="Count"/> scans in a rented buffer: batches of 10,000 scans are about 1 MB, and
/// renting keeps the client from churning the large-object heap while it measures the host.
/// </summary>
internal sealed class ScanBatch(byte[] buffer, int length, int count, ScanBatchFormat format) : IDisposable
{
    private byte[]? _buffer = buffer;

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ScanBatch));

    public int Length { get; } = length;

    public int Count { get; } = count;

    public ScanBatchFormat Format { get; } = format;

    public static ScanBatch Rent(ReadOnlySpan<byte> body, int count, ScanBatchFormat format)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        body.CopyTo(buffer);
        return new ScanBatch(buffer, body.Length, count, format);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
