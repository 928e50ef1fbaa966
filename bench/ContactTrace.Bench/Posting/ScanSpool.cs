using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace ContactTrace.Bench.Posting;

/// <summary>
/// Request bodies serialised to a file before a measurement, so that while the host is measured the client
/// only reads bytes (from the page cache) and sends them, leaving the machine's two cores to the host.
/// </summary>
internal sealed class ScanSpool : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly List<(long Offset, int Length, int Count)> _batches = [];
    private readonly ScanBatchFormat _format;

    private ScanSpool(SafeFileHandle file, ScanBatchFormat format)
    {
        _file = file;
        _format = format;
    }

    public long Scans { get; private set; }

    public long Bytes { get; private set; }

    public int BatchCount => _batches.Count;

    /// <summary>Serialises the scans into batches in a new file at <paramref name="path"/>.</summary>
    public static ScanSpool Write(string path, IEnumerable<Scan> scans, int batchSize, ScanBatchFormat format, CancellationToken ct)
    {
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        var spool = new ScanSpool(file, format);
        foreach (var batch in ScanBatches.Serialize(scans, batchSize, format))
        {
            using (batch)
            {
                ct.ThrowIfCancellationRequested();
                RandomAccess.Write(file, batch.Buffer.AsSpan(0, batch.Length), spool.Bytes);
                spool._batches.Add((spool.Bytes, batch.Length, batch.Count));
                spool.Bytes += batch.Length;
                spool.Scans += batch.Count;
            }
        }

        return spool;
    }

    /// <summary>The batches in order, each read into a rented buffer as it is asked for.</summary>
    public IEnumerable<ScanBatch> Read()
    {
        foreach (var (offset, length, count) in _batches)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            ReadExactly(buffer.AsSpan(0, length), offset);
            yield return new ScanBatch(buffer, length, count, _format);
        }
    }

    public void Dispose() => _file.Dispose();

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(_file, destination, offset);
            if (read == 0)
            {
                throw new IOException($"The spool ended early at byte {offset}.");
            }

            destination = destination[read..];
            offset += read;
        }
    }
}
