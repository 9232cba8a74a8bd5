using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

/// <summary>The generated signing key, stored once for every instance; the private half encrypted with Data Protection.</summary>
public sealed class CertificateSigningKey
{
    public int Id { get; set; }
    /// <summary>Unique: instances starting together insert one row, and the losers read the winner's.</summary>
    public string Name { get; set; } = "";
    public string ProtectedPrivateKey { get; set; } = "";
    public string PublicKeyPem { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

internal sealed class CertificateSigningKeyConfiguration : IEntityTypeConfiguration<CertificateSigningKey>
{
    public void Configure(EntityTypeBuilder<CertificateSigningKey> k)
    {
        k.Property(x => x.Name).HasMaxLength(40);
        k.HasIndex(x => x.Name).IsUnique();
        k.Property(x => x.ProtectedPrivateKey).HasMaxLength(4000);
        k.Property(x => x.PublicKeyPem).HasMaxLength(1000);
    }
}

/// <summary>An ECDSA P-256 key that signs certificates, with its public forms (PEM, JWK and RFC 7638 thumbprint as key id).</summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    public SigningKey(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        var p = key.ExportParameters(false);
        X = Base64Url(p.Q.X!);
        Y = Base64Url(p.Q.Y!);
        // RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
        var thumbprintInput = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}";
        KeyId = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(thumbprintInput)));
    }

    public static SigningKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256) throw new InvalidOperationException("La clave de firma de certificados debe ser ECDSA P-256.");
        return new SigningKey(key);
    }

    public string PublicKeyPem { get; }
    public string KeyId { get; }
    public string X { get; }
    public string Y { get; }

    /// <summary>The signature in IEEE P1363 form (r‖s, 64 bytes), base64.</summary>
    public string Sign(SignedFields fields) =>
        Convert.ToBase64String(_key.SignData(fields.CanonicalJson(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public bool Verify(SignedFields fields, string signature) => CertificateSignature.Verify(_key, fields, signature);

    public void WriteJwk(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("kty", "EC");
        w.WriteString("crv", "P-256");
        w.WriteString("x", X);
        w.WriteString("y", Y);
        w.WriteString("kid", KeyId);
        w.WriteString("alg", "ES256");
        w.WriteString("use", "sig");
        w.WriteEndObject();
    }

    public void Dispose() => _key.Dispose();

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class CertificateSignature
{
    public static bool Verify(ECDsa publicKey, SignedFields fields, string signature)
    {
        Span<byte> bytes = stackalloc byte[96];
        if (!Convert.TryFromBase64String(signature, bytes, out var written) || written != 64) return false;
        return publicKey.VerifyData(fields.CanonicalJson(), bytes[..written], HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Reads a public key from PEM (SubjectPublicKeyInfo) or a P-256 JWK.</summary>
    public static ECDsa ImportPublicKey(string text)
    {
        var key = ECDsa.Create();
        if (text.TrimStart().StartsWith('{'))
        {
            using var jwk = JsonDocument.Parse(text);
            var root = jwk.RootElement;
            key.ImportParameters(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = FromBase64Url(root.GetProperty("x").GetString()!), Y = FromBase64Url(root.GetProperty("y").GetString()!) },
            });
        }
        else
        {
            key.ImportFromPem(text);
        }
        return key;
    }

    internal static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '='));
    }
}

/// <summary>
/// The one signing key of this deployment: <c>Certificates:SigningKeyPem</c> when configured, else the key generated
/// on first use and stored in the database (private half protected with Data Protection, whose keys every instance shares).
/// </summary>
public sealed class CertificateKeys(IServiceScopeFactory scopes, IOptions<CertificateSettings> settings,
    IDataProtectionProvider dataProtection, TimeProvider clock) : IDisposable
{
    private const string KeyName = "principal";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningKey? _key;

    public async ValueTask<SigningKey> GetAsync(CancellationToken ct)
    {
        if (_key is not null) return _key;
        await _gate.WaitAsync(ct);
        try
        {
            return _key ??= await LoadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private IDataProtector Protector => dataProtection.CreateProtector("Scari.Certificates.SigningKey");

    private async Task<SigningKey> LoadAsync(CancellationToken ct)
    {
        if (settings.Value.SigningKeyPem is { Length: > 0 } pem) return SigningKey.FromPem(pem);

        if (await ReadStoredAsync(ct) is { } stored) return stored;

        using (var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
            db.CertificateSigningKeys.Add(new CertificateSigningKey
            {
                Name = KeyName,
                ProtectedPrivateKey = Protector.Protect(generated.ExportPkcs8PrivateKeyPem()),
                PublicKeyPem = generated.ExportSubjectPublicKeyInfoPem(),
                CreatedUtc = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance stored its key first: use that one (read below).
            }
        }
        return await ReadStoredAsync(ct)
            ?? throw new InvalidOperationException("No se pudo guardar ni leer la clave de firma de certificados.");
    }

    private async Task<SigningKey?> ReadStoredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        var protectedPem = await db.CertificateSigningKeys.AsNoTracking()
            .Where(k => k.Name == KeyName).Select(k => k.ProtectedPrivateKey).SingleOrDefaultAsync(ct);
        return protectedPem is null ? null : SigningKey.FromPem(Protector.Unprotect(protectedPem));
    }

    public void Dispose()
    {
        _key?.Dispose();
        _gate.Dispose();
    }
}
