using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

/// <summary>
/// Certificates as a third party checks them: an Open Badges 3.0 VC-JWT verified with a generic JWT library and only
/// what SCARI publishes over HTTP (JWK Set, the key a kid names, the status list), and /verificar checking the stored proof.
/// </summary>
public sealed class OpenBadgeCredentialTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;
    private const string BaseUrl = "https://scari.test";

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.TestsFolder("fixtures"), "ob-3.0", "openbadgecredential.schema.json"))));

    private static int _document = 1051230000;
    private static string NextDocument() => Interlocked.Increment(ref _document).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Certificate> IssueAsync(string given = "Valentina", string family = "Quintero Ríos", string? document = null)
    {
        var seeded = await App.CreateCompletionAsync(given, family, document ?? NextDocument());
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        return await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Code == code));
    }

    private static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;

    /// <summary>The JWK Set as a verifier gets it: over HTTP, from the issuer's published address.</summary>
    private async Task<IList<SecurityKey>> PublishedKeysAsync()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/emisor/claves");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        return new JsonWebKeySet(await response.Content.ReadAsStringAsync()).GetSigningKeys();
    }

    private static Task<TokenValidationResult> ValidateAsync(string jwt, IList<SecurityKey> keys) =>
        new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidIssuer = $"{BaseUrl}/emisor",
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });

    [Fact]
    public async Task Every_issued_credential_matches_the_Open_Badges_schema_and_verifies_with_only_the_published_JWK_Set()
    {
        var certificate = await IssueAsync();
        var jwt = certificate.CredentialJwt!;
        var payload = Payload(jwt);

        var evaluation = Schema.Value.Evaluate(payload, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(evaluation.IsValid, JsonSerializer.Serialize(evaluation.Details?.Where(d => !d.IsValid).Select(d => new { d.InstanceLocation, d.EvaluationPath, d.Errors })));

        // The JOSE header holds only what OB 3.0 allows: alg RS256, kid, typ JWT.
        var header = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[0])).RootElement;
        Assert.Equal(["alg", "kid", "typ"], header.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());

        var result = await ValidateAsync(jwt, await PublishedKeysAsync());
        Assert.True(result.IsValid, result.Exception?.Message);

        // The kid is a URL that returns that one key.
        var kid = header.GetProperty("kid").GetString()!;
        Assert.StartsWith($"{BaseUrl}/emisor/claves/", kid);
        using var client = App.CreateClient();
        var jwk = new JsonWebKey(await client.GetStringAsync(new Uri(kid).PathAndQuery));
        Assert.Equal(kid, jwk.Kid);
        Assert.True((await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = jwk, ValidateIssuer = false, ValidateAudience = false, RequireExpirationTime = false,
        })).IsValid, "La clave que nombra kid no verifica el JWT.");

        // The claims mirror the credential, as OB 3.0's JWT payload format maps them.
        Assert.Equal(payload.GetProperty("issuer").GetProperty("id").GetString(), payload.GetProperty("iss").GetString());
        Assert.Equal(payload.GetProperty("id").GetString(), payload.GetProperty("jti").GetString());
        Assert.Equal(payload.GetProperty("credentialSubject").GetProperty("id").GetString(), payload.GetProperty("sub").GetString());
        Assert.Equal(DateTimeOffset.Parse(payload.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
            payload.GetProperty("nbf").GetInt64());
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", payload.GetProperty("sub").GetString());
        Assert.Equal($"{BaseUrl}/verificar/{certificate.Code}", payload.GetProperty("id").GetString());

        // The issuer profile the credential names is published where its id says.
        var profile = JsonDocument.Parse(await client.GetStringAsync("/emisor")).RootElement;
        Assert.Equal($"{BaseUrl}/emisor", profile.GetProperty("id").GetString());
        Assert.Equal(payload.GetProperty("issuer").GetProperty("name").GetString(), profile.GetProperty("name").GetString());
        Assert.Equal("Profile", profile.GetProperty("type")[0].GetString());
        Assert.Equal($"{BaseUrl}/", profile.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_tampered_claim_fails_with_the_published_keys()
    {
        var jwt = (await IssueAsync("Andrés", "Cárdenas")).CredentialJwt!;
        var parts = jwt.Split('.');
        var changed = Base64UrlEncoder.Decode(parts[1]).Replace("Andrés Cárdenas", "Andrea Cárdenas");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(changed)}.{parts[2]}";

        var keys = await PublishedKeysAsync();
        Assert.True((await ValidateAsync(jwt, keys)).IsValid);
        Assert.False((await ValidateAsync(tampered, keys)).IsValid);
        Assert.False((await OpenBadgeCredential.VerifyAsync(tampered, keys[0])).Valid);
    }

    [Fact]
    public async Task Holders_keep_one_random_subject_id_across_their_certificates()
    {
        var first = await IssueAsync("Sara", "Mejía");
        // A reissue is a second certificate of the same person.
        var second = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().ReissueAsync(first.Code, default)))!;
        var other = await IssueAsync("Tomás", "Mejía");

        var sub = Payload(first.CredentialJwt!).GetProperty("sub").GetString();
        Assert.Equal(sub, Payload(second.CredentialJwt!).GetProperty("sub").GetString());
        Assert.NotEqual(sub, Payload(other.CredentialJwt!).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Editing_a_row_directly_makes_the_page_and_the_API_say_the_signature_is_not_valid()
    {
        var certificate = await IssueAsync("Daniela", "Rojas");
        var legacy = await App.MakeLegacyCertificateAsync((await IssueAsync("Felipe", "Rojas")).Code);
        using var client = App.CreateClient();
        foreach (var code in new[] { certificate.Code, legacy })
        {
            Assert.Contains("Válido", await client.GetStringAsync($"/verificar/{code}"));
            Assert.Equal("valid", JsonDocument.Parse(await client.GetStringAsync($"/api/v1/certificados/{code}")).RootElement.GetProperty("state").GetString());
        }

        // Someone with database access changes the hours; the signed credential still says 40.
        await App.WithDbAsync(db => db.Certificates.Where(c => c.Code == certificate.Code || c.Code == legacy)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Hours, 120)));

        foreach (var code in new[] { certificate.Code, legacy })
        {
            var html = await client.GetStringAsync($"/verificar/{code}");
            Assert.Contains("Firma no válida", html);
            Assert.DoesNotContain("Válido", html);
            Assert.DoesNotContain("120 horas", html);
            var api = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/certificados/{code}")).RootElement;
            Assert.Equal("invalid-signature", api.GetProperty("state").GetString());
        }

        // A credential swapped for one signed by another key fails too.
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        var kid = new JsonWebToken(certificate.CredentialJwt!).Kid;
        var forged = OpenBadgeCredential.Sign(System.Text.Encoding.UTF8.GetBytes(Base64UrlEncoder.Decode(certificate.CredentialJwt!.Split('.')[1])), stranger, kid);
        await App.WithDbAsync(db => db.Certificates.Where(c => c.Code == certificate.Code)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Hours, 40).SetProperty(c => c.CredentialJwt, forged)));
        Assert.Contains("Firma no válida", await client.GetStringAsync($"/verificar/{certificate.Code}"));
    }

    [Fact]
    public async Task A_revoked_certificate_shows_as_revoked_through_the_status_list_its_credential_names()
    {
        var kept = await IssueAsync("Lucía", "Arango");
        var revoked = await IssueAsync("Mateo", "Arango");
        Assert.True(await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(revoked.Code, "Emitido por error", default)));

        var status = Payload(revoked.CredentialJwt!).GetProperty("credentialStatus");
        Assert.Equal("BitstringStatusListEntry", status.GetProperty("type").GetString());
        Assert.Equal("revocation", status.GetProperty("statusPurpose").GetString());
        var listUrl = status.GetProperty("statusListCredential").GetString()!;
        Assert.Equal(listUrl, Payload(kept.CredentialJwt!).GetProperty("credentialStatus").GetProperty("statusListCredential").GetString());

        using var client = App.CreateClient();
        var listJwt = await client.GetStringAsync(new Uri(listUrl).PathAndQuery);
        var verified = await ValidateAsync(listJwt, await PublishedKeysAsync());
        Assert.True(verified.IsValid, verified.Exception?.Message);
        var subject = Payload(listJwt).GetProperty("credentialSubject");
        Assert.Equal("BitstringStatusList", subject.GetProperty("type").GetString());
        Assert.Equal("revocation", subject.GetProperty("statusPurpose").GetString());
        var bits = StatusList.Decode(subject.GetProperty("encodedList").GetString()!);
        Assert.Equal(StatusList.Length / 8, bits.Length);

        static int Index(JsonElement s) => int.Parse(s.GetProperty("statusListIndex").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(StatusList.IsSet(bits, Index(status)));
        Assert.False(StatusList.IsSet(bits, Index(Payload(kept.CredentialJwt!).GetProperty("credentialStatus"))));
        Assert.Contains("Revocado", await client.GetStringAsync($"/verificar/{revoked.Code}"));
        Assert.Equal("revoked", JsonDocument.Parse(await client.GetStringAsync($"/api/v1/certificados/{revoked.Code}")).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task After_a_key_rotation_certificates_signed_with_either_key_verify()
    {
        var before = await IssueAsync("Camilo", "Ortiz");
        var from = SignedFields.TruncateToSeconds(DateTime.UtcNow);
        var rotated = await App.WithScopeAsync(sp => sp.GetRequiredService<CredentialKeys>().RotateAsync(from, default));
        Assert.NotNull(rotated);
        var after = await IssueAsync("Paula", "Ortiz");

        var oldKid = new JsonWebToken(before.CredentialJwt!).Kid;
        var newKid = new JsonWebToken(after.CredentialJwt!).Kid;
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(rotated!.KeyUrl(BaseUrl), newKid);

        var keys = await PublishedKeysAsync();
        Assert.Contains(keys, k => k.KeyId == oldKid);
        Assert.Contains(keys, k => k.KeyId == newKid);
        foreach (var jwt in new[] { before.CredentialJwt!, after.CredentialJwt! })
        {
            var result = await ValidateAsync(jwt, keys);
            Assert.True(result.IsValid, result.Exception?.Message);
        }
        using var client = App.CreateClient();
        Assert.Contains("Válido", await client.GetStringAsync($"/verificar/{before.Code}"));
        Assert.Contains("Válido", await client.GetStringAsync($"/verificar/{after.Code}"));
    }

    [Fact]
    public async Task The_rotate_key_command_adds_a_key_that_signs_from_a_future_date_and_refuses_a_past_one()
    {
        var from = SignedFields.TruncateToSeconds(DateTime.UtcNow.AddDays(30));
        var output = new StringWriter();
        Assert.Equal(0, await KeyRotationCommand.RunAsync(App.Services, ["--desde", OpenBadgeCredential.Instant(from)], output, output));
        Assert.Contains("firma los certificados emitidos desde", output.ToString());
        var key = await App.WithDbAsync(db => db.CredentialSigningKeys.AsNoTracking().SingleAsync(k => k.ValidFromUtc == from));
        Assert.Contains(await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Select(e => new { e.Action, e.TargetId }).ToListAsync()),
            e => e.Action == "certificate.key-rotated" && e.TargetId == key.Thumbprint);
        // Published already, so verifiers have it before it signs; today's certificates still use the current key.
        Assert.Contains(await PublishedKeysAsync(), k => k.KeyId == $"{BaseUrl}/emisor/claves/{key.Thumbprint}");
        Assert.DoesNotContain(key.Thumbprint, new JsonWebToken((await IssueAsync("Inés", "Prada")).CredentialJwt!).Kid);

        output = new StringWriter();
        Assert.Equal(2, await KeyRotationCommand.RunAsync(App.Services, ["--desde", "2020-06-01T00:00:00Z"], output, output));
        Assert.Contains("fecha pasada", output.ToString());
        Assert.Equal(1, await KeyRotationCommand.RunAsync(App.Services, ["--desde", OpenBadgeCredential.Instant(from)], output, output));
    }

    [Fact]
    public async Task The_document_number_appears_nowhere_in_the_credential_the_QR_or_the_public_and_credential_urls()
    {
        const string document = "1077123456";
        var certificate = await IssueAsync("Natalia", "Suárez", document);
        await App.CreateUserAsync("admin-ob3@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-ob3@scari.test");
        using var anonymous = App.CreateClient();

        var payload = Base64UrlEncoder.Decode(certificate.CredentialJwt!.Split('.')[1]);
        var texts = new List<(string What, string Text)>
        {
            ("JWT", certificate.CredentialJwt!),
            ("contenido del JWT", payload),
            (".jwt", await admin.GetStringAsync($"/certificados/{certificate.Code}.jwt")),
            (".json", await admin.GetStringAsync($"/certificados/{certificate.Code}.json")),
            ("/verificar", await anonymous.GetStringAsync($"/verificar/{certificate.Code}")),
            ("API", await anonymous.GetStringAsync($"/api/v1/certificados/{certificate.Code}")),
            ("/emisor", await anonymous.GetStringAsync("/emisor")),
            ("JWK Set", await anonymous.GetStringAsync("/emisor/claves")),
        };
        // Every URL inside the credential, fetched too.
        var urls = System.Text.RegularExpressions.Regex.Matches(payload, "https://scari\\.test[^\"#]*").Select(m => m.Value).Distinct().ToList();
        Assert.Contains($"{BaseUrl}/api/v1/certificados/estado", urls);
        foreach (var url in urls)
        {
            texts.Add(("URL", url));
            using var response = await anonymous.GetAsync(new Uri(url).PathAndQuery);
            texts.Add((url, await response.Content.ReadAsStringAsync()));
        }
        texts.Add(("QR", ReadQr(await admin.GetByteArrayAsync($"/certificados/{certificate.Code}.pdf"))));

        foreach (var (what, text) in texts)
            Assert.False(text.Contains(document, StringComparison.Ordinal) || text.Contains("nationalIdentityNumber", StringComparison.Ordinal),
                $"El documento aparece en: {what}");
        Assert.Equal($"{BaseUrl}/verificar/{certificate.Code}", texts[^1].Text);
    }

    /// <summary>The text of the PDF's QR code, read as a phone would: rendered to an image and scanned (poppler, zbar).</summary>
    private static string ReadQr(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("scari-ob3-qr-");
        try
        {
            var pdfPath = Path.Combine(folder.FullName, "c.pdf");
            File.WriteAllBytes(pdfPath, pdf);
            Run("pdftoppm", "-r", "150", "-png", "-singlefile", pdfPath, Path.Combine(folder.FullName, "p"));
            return Run("zbarimg", "--raw", "-q", Path.Combine(folder.FullName, "p.png")).Trim();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file}: {error}");
        return output;
    }
}
