using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// Revocation published as a W3C Bitstring Status List: one bit per certificate at its random
/// <see cref="Certificate.StatusListIndex"/>, set when the certificate is revoked. The list is read from the same
/// <see cref="Certificate.RevokedUtc"/> column that /verificar and the API read, so a revocation changes all three in
/// the one transaction that sets it, and nothing can drift between them.
/// </summary>
public sealed class StatusList(ScariDbContext db, CredentialKeys keys, TimeProvider clock)
{
    /// <summary>131,072 entries (16 KB): the minimum the specification sets, for herd privacy.</summary>
    public const int Length = 131_072;

    /// <summary>A random free index (the specification recommends random positions); the unique index settles races.</summary>
    public static int RandomIndex() => RandomNumberGenerator.GetInt32(Length);

    public async Task<byte[]> BitsAsync(CancellationToken ct)
    {
        var revoked = await db.Certificates.AsNoTracking()
            .Where(c => c.StatusListIndex != null && c.RevokedUtc != null)
            .Select(c => c.StatusListIndex!.Value).ToListAsync(ct);
        var bits = new byte[Length / 8];
        foreach (var index in revoked) bits[index / 8] |= (byte)(0x80 >> (index % 8)); // index 0 is the leftmost bit
        return bits;
    }

    /// <summary>Multibase base64url (prefix <c>u</c>, no padding) of the GZIP-compressed bitstring.</summary>
    public static string Encode(byte[] bits)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bits);
        return "u" + Base64UrlEncoder.Encode(buffer.ToArray());
    }

    public static byte[] Decode(string encoded)
    {
        if (!encoded.StartsWith('u')) throw new FormatException("encodedList no es multibase base64url.");
        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        return bits.ToArray();
    }

    public static bool IsSet(byte[] bits, int index) => (bits[index / 8] & (0x80 >> (index % 8))) != 0;

    /// <summary>The <c>BitstringStatusListCredential</c>, signed now as a VC-JWT with the current key.</summary>
    public async Task<string> CredentialJwtAsync(string baseUrl, CancellationToken ct)
    {
        var now = SignedFields.TruncateToSeconds(clock.GetUtcNow().UtcDateTime);
        var encoded = Encode(await BitsAsync(ct));
        var url = OpenBadgeCredential.StatusListUrl(baseUrl);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue(OpenBadgeCredential.VcContext);
            w.WriteEndArray();
            w.WriteString("id", url);
            w.WriteStartArray("type");
            w.WriteStringValue("VerifiableCredential");
            w.WriteStringValue("BitstringStatusListCredential");
            w.WriteEndArray();
            w.WriteString("issuer", OpenBadgeCredential.IssuerId(baseUrl));
            w.WriteString("validFrom", OpenBadgeCredential.Instant(now));
            w.WritePropertyName("credentialSubject");
            w.WriteStartObject();
            w.WriteString("id", url + "#lista");
            w.WriteString("type", "BitstringStatusList");
            w.WriteString("statusPurpose", "revocation");
            w.WriteString("encodedList", encoded);
            w.WriteEndObject();
            w.WriteString("iss", OpenBadgeCredential.IssuerId(baseUrl));
            w.WriteString("jti", url);
            w.WriteNumber("nbf", OpenBadgeCredential.NumericDate(now));
            w.WriteString("sub", url + "#lista");
            w.WriteEndObject();
        }
        var (key, rsa) = await keys.SigningKeyAsync(now, ct);
        return OpenBadgeCredential.Sign(buffer.ToArray(), rsa, key.KeyUrl(baseUrl));
    }
}
