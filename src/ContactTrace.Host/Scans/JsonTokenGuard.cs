namespace ContactTrace.Host.Scans;

/// <summary>
/// A read-only view of a JSON body that fails as soon as one value — a string's content or a bare number or
/// literal — runs longer than <see cref="MaxTokenBytes"/>, before the parser would buffer it whole. It follows
/// just enough of JSON to know where values start and end (quotes, escapes, structural characters) and counts the
/// objects at the top level of the array, so that the failure names the record.
/// </summary>
internal sealed class JsonTokenGuard(Stream inner) : Stream
{
    public const int MaxTokenBytes = 1024;

    private int _depth;
    private int _record = -1;
    private int _run;
    private bool _inString;
    private bool _escaped;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Inspect(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Inspect(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Inspect(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                    _run = 0;
                    continue;
                }

                Count();
                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    _run = 0;
                    break;
                case (byte)'{' or (byte)'[':
                    if (++_depth == 2 && b == (byte)'{')
                    {
                        _record++;
                    }

                    _run = 0;
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    _run = 0;
                    break;
                case (byte)',' or (byte)':' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    _run = 0;
                    break;
                default:
                    Count();
                    break;
            }
        }

        return bytes.Length;
    }

    private void Count()
    {
        if (++_run > MaxTokenBytes)
        {
            throw new TokenTooLongException(Math.Max(_record, 0));
        }
    }

    /// <summary>A value of the record at <see cref="RecordIndex"/> is longer than allowed.</summary>
    internal sealed class TokenTooLongException(int recordIndex) : Exception($"A value of record {recordIndex} is longer than {MaxTokenBytes} bytes.")
    {
        public int RecordIndex { get; } = recordIndex;
    }
}
