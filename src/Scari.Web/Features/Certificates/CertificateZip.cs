using System.IO.Compression;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// Writes many certificates as one ZIP to a stream that only takes asynchronous writes (an HTTP response).
/// ZipArchive writes synchronously, so it writes into a small buffer that is sent after each entry:
/// at most one PDF is held in memory however many the ZIP holds.
/// </summary>
public static class CertificateZip
{
    public static async Task WriteAsync(IAsyncEnumerable<Certificate> certificates, CertificatePdf pdf,
        Func<Certificate, string> verificationUrl, Stream destination, CancellationToken ct)
    {
        var chunk = new ChunkStream();
        using (var zip = new ZipArchive(chunk, ZipArchiveMode.Create, leaveOpen: true))
        {
            await foreach (var certificate in certificates.WithCancellation(ct))
            {
                // PDFs are already compressed: stored as they are.
                var entry = zip.CreateEntry($"{CertificateEndpoints.Sanitize(certificate.HolderName)} {certificate.Code}.pdf", CompressionLevel.NoCompression);
                using (var entryStream = entry.Open())
                    pdf.Render(certificate, verificationUrl(certificate), entryStream);
                await chunk.SendAsync(destination, ct);
            }
        }
        await chunk.SendAsync(destination, ct); // the central directory
    }

    /// <summary>A write-only stream that keeps what was written until <see cref="SendAsync"/> moves it on.</summary>
    private sealed class ChunkStream : Stream
    {
        private readonly MemoryStream _buffer = new(96 * 1024);
        private long _position;

        public async Task SendAsync(Stream destination, CancellationToken ct)
        {
            await destination.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
            await destination.FlushAsync(ct);
            _buffer.SetLength(0);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { _buffer.Write(buffer); _position += buffer.Length; }
        public override void WriteByte(byte value) { _buffer.WriteByte(value); _position++; }
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
