using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.IdentityModel.Tokens;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// An RSA key that signs Open Badges credentials (RS256) from <see cref="ValidFromUtc"/> until the next key's date.
/// Every key stays published, so the certificates it signed stay verifiable after a rotation.
/// </summary>
public sealed class CredentialSigningKey
{
    public int Id { get; set; }
    /// <summary>RFC 7638 thumbprint of the public key: the last segment of the key's URL, which is the JWT's <c>kid</c>.</summary>
    public string Thumbprint { get; set; } = "";
    /// <summary>Unique: instances that generate the first key together insert one row, and the losers read the winner's.</summary>
    public DateTime ValidFromUtc { get; set; }
    public string ProtectedPrivateKey { get; set; } = "";
    /// <summary>Modulus and exponent, base64url (the JWK's <c>n</c> and <c>e</c>).</summary>
    public string Modulus { get; set; } = "";
    public string Exponent { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

internal sealed class CredentialSigningKeyConfiguration : IEntityTypeConfiguration<CredentialSigningKey>
{
    public void Configure(EntityTypeBuilder<CredentialSigningKey> k)
    {
        k.Property(x => x.Thumbprint).HasMaxLength(64);
        k.HasIndex(x => x.Thumbprint).IsUnique();
        k.HasIndex(x => x.ValidFromUtc).IsUnique();
        k.Property(x => x.ProtectedPrivateKey).HasMaxLength(8000);
        k.Property(x => x.Modulus).HasMaxLength(1000);
        k.Property(x => x.Exponent).HasMaxLength(20);
    }
}

/// <summary>
/// The random identifier that names a person in their credentials (<c>credentialSubject.id</c>, <c>urn:uuid:…</c>):
/// the same for all of a holder's certificates, and never derived from their document.
/// </summary>
public sealed class CredentialHolder
{
    public int PersonId { get; set; }
    public Guid SubjectId { get; set; }
}

internal sealed class CredentialHolderConfiguration : IEntityTypeConfiguration<CredentialHolder>
{
    public void Configure(EntityTypeBuilder<CredentialHolder> h)
    {
        h.HasKey(x => x.PersonId);
        h.Property(x => x.PersonId).ValueGeneratedNever();
        h.HasIndex(x => x.SubjectId).IsUnique();
        h.HasOne<People.Person>().WithOne().HasForeignKey<CredentialHolder>(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A public key of the credential keys, as published in the JWK Set.</summary>
public sealed record PublishedKey(string Thumbprint, string Modulus, string Exponent, DateTime ValidFromUtc)
{
    public string KeyUrl(string baseUrl) => $"{baseUrl}/emisor/claves/{Thumbprint}";

    public RsaSecurityKey SecurityKey(string kid) => new(new RSAParameters
    {
        Modulus = Base64UrlEncoder.DecodeBytes(Modulus),
        Exponent = Base64UrlEncoder.DecodeBytes(Exponent),
    }) { KeyId = kid };

    public void WriteJwk(System.Text.Json.Utf8JsonWriter w, string baseUrl)
    {
        w.WriteStartObject();
        w.WriteString("kty", "RSA");
        w.WriteString("n", Modulus);
        w.WriteString("e", Exponent);
        w.WriteString("kid", KeyUrl(baseUrl));
        w.WriteString("alg", SecurityAlgorithms.RsaSha256);
        w.WriteString("use", "sig");
        w.WriteEndObject();
    }
}

/// <summary>
/// The RSA keys of the Open Badges credentials, stored in the database with the private half protected by Data
/// Protection (shared by every instance). The first is generated on first use; <see cref="RotateAsync"/> adds the next.
/// </summary>
public sealed class CredentialKeys(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock) : IDisposable
{
    /// <summary>The first key signs from this instant (before any SCARI certificate), so two instances racing collide on it.</summary>
    internal static readonly DateTime FirstKeyValidFrom = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly ConcurrentDictionary<string, RSA> _private = new();
    private readonly ConcurrentDictionary<string, PublishedKey> _public = new();
    private IDataProtector Protector => dataProtection.CreateProtector("Scari.Certificates.CredentialKey");

    /// <summary>The key that signs at <paramref name="atUtc"/>: the one with the latest start on or before it.</summary>
    public async Task<(PublishedKey Key, RSA Private)> SigningKeyAsync(DateTime atUtc, CancellationToken ct)
    {
        var row = await FindAsync(atUtc, ct);
        if (row is null)
        {
            using (var generated = RSA.Create(2048)) await TryAddAsync(generated, FirstKeyValidFrom, ct);
            row = await FindAsync(atUtc, ct) ?? throw new InvalidOperationException("No se pudo guardar ni leer la clave de firma de credenciales.");
        }
        var published = Published(row);
        var rsa = _private.GetOrAdd(row.Thumbprint, _ =>
        {
            var key = RSA.Create();
            key.ImportFromPem(Protector.Unprotect(row.ProtectedPrivateKey));
            return key;
        });
        return (published, rsa);
    }

    /// <summary>Every key ever used, oldest first: what the JWK Set publishes.</summary>
    public async Task<IReadOnlyList<PublishedKey>> AllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        var rows = await db.CredentialSigningKeys.AsNoTracking().OrderBy(k => k.ValidFromUtc).ToListAsync(ct);
        if (rows.Count == 0)
        {
            await SigningKeyAsync(clock.GetUtcNow().UtcDateTime, ct);
            rows = await db.CredentialSigningKeys.AsNoTracking().OrderBy(k => k.ValidFromUtc).ToListAsync(ct);
        }
        return [.. rows.Select(Published)];
    }

    /// <summary>A published key by thumbprint (keys never change once stored, so they are cached).</summary>
    public async Task<PublishedKey?> FindPublishedAsync(string thumbprint, CancellationToken ct)
    {
        if (_public.TryGetValue(thumbprint, out var cached)) return cached;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        var row = await db.CredentialSigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Thumbprint == thumbprint, ct);
        return row is null ? null : Published(row);
    }

    /// <summary>
    /// Adds a new key that signs from <paramref name="validFromUtc"/> on; earlier certificates keep the key they were
    /// signed with, and it stays published. Returns the new key, or null when another key already starts at that instant.
    /// </summary>
    public async Task<PublishedKey?> RotateAsync(DateTime validFromUtc, CancellationToken ct)
    {
        using var rsa = RSA.Create(2048);
        var thumbprint = await TryAddAsync(rsa, DateTime.SpecifyKind(validFromUtc, DateTimeKind.Utc), ct);
        return thumbprint is null ? null : await FindPublishedAsync(thumbprint, ct);
    }

    /// <summary>
    /// Every key row, read at most once a minute: keys never change once stored, and a rotation made by this process
    /// clears it. A key added by another process (the rotate-key command) signs here within a minute; until then the
    /// previous key, still published, signs.
    /// </summary>
    private sealed record KeyRows(IReadOnlyList<CredentialSigningKey> Rows, long ReadAt);
    private static readonly TimeSpan KeyRowsFor = TimeSpan.FromMinutes(1);
    private volatile KeyRows? _rows;

    private async Task<CredentialSigningKey?> FindAsync(DateTime atUtc, CancellationToken ct)
    {
        var rows = _rows;
        if (rows is null || System.Diagnostics.Stopwatch.GetElapsedTime(rows.ReadAt) > KeyRowsFor)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
            var read = System.Diagnostics.Stopwatch.GetTimestamp();
            _rows = rows = new KeyRows(await db.CredentialSigningKeys.AsNoTracking().OrderBy(k => k.ValidFromUtc).ToListAsync(ct), read);
        }
        return rows.Rows.LastOrDefault(k => k.ValidFromUtc <= atUtc);
    }

    private async Task<string?> TryAddAsync(RSA rsa, DateTime validFromUtc, CancellationToken ct)
    {
        var p = rsa.ExportParameters(false);
        var n = Base64UrlEncoder.Encode(p.Modulus!);
        var e = Base64UrlEncoder.Encode(p.Exponent!);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        db.CredentialSigningKeys.Add(new CredentialSigningKey
        {
            Thumbprint = Thumbprint(n, e),
            ValidFromUtc = validFromUtc,
            ProtectedPrivateKey = Protector.Protect(rsa.ExportPkcs8PrivateKeyPem()),
            Modulus = n,
            Exponent = e,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            _rows = null;
            return Thumbprint(n, e);
        }
        catch (DbUpdateException)
        {
            _rows = null;
            return null; // a key already starts at that instant (another instance generated the first one)
        }
    }

    private PublishedKey Published(CredentialSigningKey row) =>
        _public.GetOrAdd(row.Thumbprint, _ => new PublishedKey(row.Thumbprint, row.Modulus, row.Exponent, row.ValidFromUtc));

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, without whitespace.</summary>
    internal static string Thumbprint(string n, string e) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"e\":\"{e}\",\"kty\":\"RSA\",\"n\":\"{n}\"}}")));

    public void Dispose()
    {
        foreach (var key in _private.Values) key.Dispose();
    }
}
