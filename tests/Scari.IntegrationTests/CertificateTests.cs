using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

public sealed partial class CertificateTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private Task<Certificate> IssueAsync(int completionId) =>
        App.WithScopeAsync(async sp => (await sp.GetRequiredService<CertificateIssuer>().IssueAsync(completionId, default))!);

    private Task<Certificate> LoadAsync(string code) =>
        App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Code == code));

    private static int _document = 1047390000;
    private static string NextDocument() => Interlocked.Increment(ref _document).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Parallel_issue_requests_produce_exactly_one_certificate()
    {
        var seeded = await App.CreateCompletionAsync("Ana", "Díaz Ortega", NextDocument());

        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => (await IssueAsync(seeded.CompletionId)).Code)));

        Assert.Single(codes.Distinct());
        Assert.Equal(1, await App.WithDbAsync(db => db.Certificates.CountAsync(c => c.CompletionId == seeded.CompletionId)));
        Assert.Equal(codes[0], (await IssueAsync(seeded.CompletionId)).Code);
    }

    [Fact]
    public async Task The_certificate_keeps_a_signed_snapshot_with_the_Bogota_completion_date()
    {
        // 03:00 UTC on 15 March is still 14 March in Bogotá.
        var document = NextDocument();
        var seeded = await App.CreateCompletionAsync("José", "Pérez Núñez", document,
            completedUtc: new DateTime(2026, 3, 15, 3, 0, 0, DateTimeKind.Utc));
        var certificate = await LoadAsync((await IssueAsync(seeded.CompletionId)).Code);

        Assert.Equal("José Pérez Núñez", certificate.HolderName);
        Assert.Equal(("CC", document), (certificate.DocumentType, certificate.DocumentNumber));
        Assert.Equal("Seguridad digital para servidores públicos", certificate.CourseTitle);
        Assert.Equal("2026.1", certificate.CourseVersion);
        Assert.Equal(40, certificate.Hours);
        Assert.Equal(new DateOnly(2026, 3, 14), certificate.CompletedOn);
        Assert.Equal("Jefe de la Oficina Asesora de Informática", certificate.SignatoryTitle);
        Assert.Equal(seeded.PersonId, certificate.PersonId);

        // Signed once, as an Open Badges VC-JWT with the generated RSA key, whose private half is stored encrypted.
        Assert.NotNull(certificate.CredentialJwt);
        Assert.Equal("", certificate.Signature);
        var stored = await App.WithDbAsync(db => db.CredentialSigningKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(stored);
        Assert.All(stored, k => Assert.DoesNotContain("PRIVATE KEY", k.ProtectedPrivateKey));
    }

    [Fact]
    public async Task The_verification_page_says_valid_and_shows_only_the_masked_document()
    {
        var seeded = await App.CreateCompletionAsync("Luisa", "Fernández Ríos", "1098764521");
        var code = (await IssueAsync(seeded.CompletionId)).Code;

        using var client = App.CreateClient();
        using var response = await client.GetAsync($"/verificar/{code}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Válido", html);
        Assert.Contains("Luisa Fernández Ríos", html);
        Assert.Contains("Seguridad digital para servidores públicos", html);
        Assert.Contains("40 horas", html);
        Assert.Contains("CC ******4521", html);
        Assert.DoesNotContain("1098764521", html);
        Assert.DoesNotContain("@correo.test", html);
        Assert.DoesNotContain("2026.1", html);
        var certificate = await LoadAsync(code);
        Assert.DoesNotContain(certificate.CredentialJwt!, html);

        // Typed from the form in lower case with spaces, it lands on the code's own address.
        using var typed = App.CreateBrowserLikeClient();
        using var redirect = await typed.GetAsync($"/verificar?codigo={Uri.EscapeDataString(code.ToLowerInvariant().Replace('-', ' '))}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/verificar/{code}", redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Unknown_and_malformed_codes_look_the_same()
    {
        var unknown = CertificateCode.New(2026);
        const string malformed = "SCARI-2026-NOEX-ISTE";
        using var client = App.CreateClient();
        using var a = await client.GetAsync($"/verificar/{unknown}");
        using var b = await client.GetAsync($"/verificar/{malformed}");
        Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, b.StatusCode);
        var htmlA = (await a.Content.ReadAsStringAsync()).Replace(unknown, "CODIGO");
        var htmlB = (await b.Content.ReadAsStringAsync()).Replace(malformed, "CODIGO");
        Assert.Contains("No encontrado", htmlA);
        Assert.Equal(Strip(htmlA), Strip(htmlB));
    }

    // The antiforgery-free page differs only in the code it echoes; nothing else may tell the two apart.
    private static string Strip(string html) => WhitespaceRegex().Replace(html, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [Fact]
    public async Task An_administrator_revokes_with_a_reason_and_the_page_says_revoked()
    {
        var seeded = await App.CreateCompletionAsync("Mario", "Gómez", NextDocument());
        var code = (await IssueAsync(seeded.CompletionId)).Code;
        await App.CreateUserAsync("admin.revoca@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.revoca@scari.test");

        // Without a reason nothing changes.
        using var empty = await admin.PostFormAsync($"/admin/certificados?q={code}", new() { ["codigo"] = code, ["motivo"] = "  " },
            formAction: $"/admin/certificados?handler=Revocar");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Null((await LoadAsync(code)).RevokedUtc);
        var page = await admin.GetStringAsync(empty.Headers.Location!.OriginalString);
        Assert.Contains("Escriba el motivo de la revocación", page);

        using var revoked = await admin.PostFormAsync($"/admin/certificados?q={code}", new() { ["codigo"] = code, ["motivo"] = "Emitido por error" },
            formAction: $"/admin/certificados?handler=Revocar");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var certificate = await LoadAsync(code);
        Assert.NotNull(certificate.RevokedUtc);
        Assert.Equal("Emitido por error", certificate.RevocationReason);
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "certificate.revoked" && e.TargetId == code));
        Assert.Contains("Emitido por error", audit.Summary);
        Assert.Equal("admin.revoca@scari.test", audit.ActorName);

        using var client = App.CreateClient();
        var html = await client.GetStringAsync($"/verificar/{code}");
        Assert.Contains("Revocado", html);
        Assert.Contains("fue revocado el", html);
        Assert.DoesNotContain("Válido", html);

        // Revocation is final: a new issue request for the same completion issues nothing (RevocationTests covers the pages).
        Assert.Null(await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)));
    }

    [Fact]
    public async Task Reissuing_after_a_correction_replaces_the_certificate_and_the_old_page_links_to_the_new()
    {
        var seeded = await App.CreateCompletionAsync("Jhon", "Mendoza", NextDocument());
        var old = (await IssueAsync(seeded.CompletionId)).Code;
        await App.WithDbAsync(async db =>
        {
            var person = await db.People.SingleAsync(p => p.Id == seeded.PersonId);
            person.GivenNames = "John";
            return await db.SaveChangesAsync();
        });
        await App.CreateUserAsync("admin.reemite@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.reemite@scari.test");

        using var response = await admin.PostFormAsync($"/admin/certificados?q={old}", new() { ["codigo"] = old },
            formAction: "/admin/certificados?handler=Reemitir");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var replaced = await LoadAsync(old);
        Assert.Equal(CertificateIssuer.ReplacedReason, replaced.RevocationReason);
        var replacement = await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == replaced.ReplacedByCertificateId));
        Assert.Equal("John Mendoza", replacement.HolderName);
        Assert.Null(replacement.RevokedUtc);
        Assert.Equal(seeded.CompletionId, replacement.CompletionId);

        using var client = App.CreateClient();
        var oldPage = await client.GetStringAsync($"/verificar/{old}");
        Assert.Contains("Revocado", oldPage);
        Assert.Contains($"<a href=\"/verificar/{replacement.Code}\">{replacement.Code}</a>", oldPage);
        var newPage = await client.GetStringAsync($"/verificar/{replacement.Code}");
        Assert.Contains("Válido", newPage);
        Assert.Contains("John Mendoza", newPage);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "certificate.reissued" && e.TargetId == replacement.Code)));
    }

    [Fact]
    public async Task The_pdf_opens_for_its_owner_scoped_staff_and_no_one_else()
    {
        var colegio = await App.CreateColegioAsync("COL-PDF", "Institución Educativa Soledad Acosta");
        var seeded = await App.CreateCompletionAsync("Valentina", "Rúa", NextDocument(), colegioId: colegio);
        var code = (await IssueAsync(seeded.CompletionId)).Code;

        var owner = await App.CreateUserAsync("owner-pdf", Roles.Aprendiz);
        await App.LinkAccountAsync(owner.Id, personId: seeded.PersonId);
        var otherSeed = await App.CreateCompletionAsync("Camilo", "Torres", NextDocument());
        var other = await App.CreateUserAsync("other-pdf", Roles.Aprendiz);
        await App.LinkAccountAsync(other.Id, personId: otherSeed.PersonId);
        var inScope = await App.CreateUserAsync("coord-pdf@scari.test", Roles.Coordinador);
        await App.LinkAccountAsync(inScope.Id, coordinatedColegioId: colegio);
        var outOfScope = await App.CreateUserAsync("coord-otro@scari.test", Roles.Coordinador);
        await App.LinkAccountAsync(outOfScope.Id, coordinatedColegioId: await App.CreateColegioAsync("COL-OTRO", "Otro colegio"));

        foreach (var user in new[] { "owner-pdf", "coord-pdf@scari.test" })
        {
            using var client = await App.SignedInClientAsync(user);
            using var pdf = await client.GetAsync($"/certificados/{code}.pdf");
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
            var bytes = await pdf.Content.ReadAsByteArrayAsync();
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
            Assert.Contains(code, string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)));
        }
        foreach (var user in new[] { "other-pdf", "coord-otro@scari.test" })
        {
            using var client = await App.SignedInClientAsync(user);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/certificados/{code}.pdf")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/certificados/{code}.json")).StatusCode);
        }
        using var anonymous = App.CreateBrowserLikeClient();
        using var challenge = await anonymous.GetAsync($"/certificados/{code}.pdf");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith("/cuenta/ingresar", challenge.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_owner_asks_for_the_certificate_and_gets_the_pdf_while_another_learner_gets_404()
    {
        var seeded = await App.CreateCompletionAsync("Sofía", "Herrera", NextDocument());
        var owner = await App.CreateUserAsync("owner-emitir", Roles.Aprendiz);
        await App.LinkAccountAsync(owner.Id, personId: seeded.PersonId);
        var other = await App.CreateUserAsync("other-emitir", Roles.Aprendiz);
        await App.LinkAccountAsync(other.Id, personId: (await App.CreateCompletionAsync("Pedro", "Ruiz", NextDocument())).PersonId);

        // The form lives on /mi-aprendizaje (journey branch); any page with the antiforgery cookie and token will do.
        using var stranger = await App.SignedInClientAsync("other-emitir");
        using var refused = await PostIssueAsync(stranger, seeded.CompletionId);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CompletionId == seeded.CompletionId)));

        using var client = await App.SignedInClientAsync("owner-emitir");
        using var first = await PostIssueAsync(client, seeded.CompletionId);
        using var second = await PostIssueAsync(client, seeded.CompletionId);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Matches("^/certificados/SCARI-[0-9A-Z-]+\\.pdf$", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(first.Headers.Location)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostIssueAsync(HttpClient client, int completionId) =>
        PostWithTokenAsync(client, $"/certificados/emitir/{completionId}", []);

    /// <summary>Posts with the antiforgery token of the sign-out form that every signed-in page carries.</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var home = await client.GetDocumentAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    [Fact]
    public async Task A_cohort_zip_holds_one_pdf_per_live_certificate_within_the_coordinators_scope()
    {
        var colegio = await App.CreateColegioAsync("COL-ZIP", "Colegio Mayor de Bolívar");
        var cohort = await App.CreateCohortAsync("Colegio Mayor 10A 2026", colegioId: colegio);
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var s = await App.CreateCompletionAsync($"Estudiante {i}", "Zapata", NextDocument(), colegioId: colegio, cohortId: cohort);
            codes.Add((await IssueAsync(s.CompletionId)).Code);
        }
        // Someone in the cohort outside the coordinator's colegio, and a revoked certificate: neither belongs in the coordinator's ZIP.
        var outsider = await App.CreateCompletionAsync("Fuera", "De Alcance", NextDocument(), cohortId: cohort);
        var outsiderCode = (await IssueAsync(outsider.CompletionId)).Code;
        await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(codes[2], "Prueba", default));

        var coordinator = await App.CreateUserAsync("coord-zip@scari.test", Roles.Coordinador);
        await App.LinkAccountAsync(coordinator.Id, coordinatedColegioId: colegio);
        using var client = await App.SignedInClientAsync("coord-zip@scari.test");
        using var response = await client.GetAsync($"/admin/certificados/zip?cohorte={cohort}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(2, zip.Entries.Count);
        foreach (var code in codes.Take(2)) Assert.Single(zip.Entries, e => e.Name.EndsWith($"{code}.pdf", StringComparison.Ordinal));
        Assert.DoesNotContain(zip.Entries, e => e.Name.Contains(outsiderCode, StringComparison.Ordinal));
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            var head = new byte[4];
            stream.ReadExactly(head);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(head));
        }

        await App.CreateUserAsync("admin-zip@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-zip@scari.test");
        using var all = await admin.GetAsync($"/admin/certificados/zip?cohorte={cohort}");
        using var adminZip = new ZipArchive(new MemoryStream(await all.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(3, adminZip.Entries.Count);

        using var empty = await admin.GetAsync("/admin/certificados/zip?curso=no-existe");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Contains("No hay certificados vigentes", await admin.GetStringAsync(empty.Headers.Location!.OriginalString));

        var learner = await App.CreateUserAsync("learner-zip", Roles.Aprendiz);
        using var learnerClient = await App.SignedInClientAsync("learner-zip");
        using var denied = await learnerClient.GetAsync($"/admin/certificados/zip?cohorte={cohort}");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    [Fact]
    public async Task The_json_of_a_certificate_issued_before_Open_Badges_verifies_offline_with_the_published_key()
    {
        var seeded = await App.CreateCompletionAsync("Camila", "Ñáñez", NextDocument());
        var code = await App.MakeLegacyCertificateAsync((await IssueAsync(seeded.CompletionId)).Code);
        await App.CreateUserAsync("admin-json@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-json@scari.test");
        var json = await admin.GetStringAsync($"/certificados/{code}.json");
        Assert.Contains("https://scari.test/verificar/" + code, json);
        using var key = CertificateSignature.ImportPublicKey(await admin.GetStringAsync("/.well-known/scari-certificados.pem"));
        var result = CertificateCredential.Verify(json, key);
        Assert.True(result.Valid, result.Message);
        Assert.False(CertificateCredential.Verify(json.Replace("Camila", "Camilo"), key).Valid);
    }

    [Fact]
    public async Task Coordinators_cannot_revoke()
    {
        var seeded = await App.CreateCompletionAsync("Rosa", "Vega", NextDocument());
        var code = (await IssueAsync(seeded.CompletionId)).Code;
        await App.CreateUserAsync("coord-revoca@scari.test", Roles.Coordinador);
        using var coordinator = await App.SignedInClientAsync("coord-revoca@scari.test");
        using var response = await PostWithTokenAsync(coordinator, "/admin/certificados?handler=Revocar", new() { ["codigo"] = code, ["motivo"] = "No" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", response.Headers.Location!.PathAndQuery);
        Assert.Null((await LoadAsync(code)).RevokedUtc);
    }
}
