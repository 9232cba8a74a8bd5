using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

/// <summary>"Is this certificate this document's?": by POST only, yes or no, a few times a day per certificate, audited.</summary>
public sealed class DocumentConfirmationTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private static int _document = 1062340000;
    private static string NextDocument() => Interlocked.Increment(ref _document).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(string Code, string Document)> IssueAsync()
    {
        var document = NextDocument();
        var seeded = await App.CreateCompletionAsync("Mariana", "Toro", document);
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        return (code, document);
    }

    [Fact]
    public async Task The_verification_form_answers_yes_or_no_by_POST_and_audits_without_the_number()
    {
        var (code, document) = await IssueAsync();
        using var client = App.CreateBrowserLikeClient();

        using var yes = await client.PostFormAsync($"/verificar/{code}", new() { ["Tipo"] = "CC", ["Numero"] = $"{document[..1]}.{document[1..]}" },
            formAction: $"/verificar/{code}/documento");
        var yesHtml = await yes.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, yes.StatusCode);
        Assert.Contains("Sí: el certificado fue otorgado a la persona con ese documento.", yesHtml);
        Assert.DoesNotContain(document, yesHtml);

        using var no = await client.PostFormAsync($"/verificar/{code}", new() { ["Tipo"] = "CC", ["Numero"] = "1000000001" },
            formAction: $"/verificar/{code}/documento");
        Assert.Contains("No: el certificado no fue otorgado a ese documento.", await no.Content.ReadAsStringAsync());

        // A GET carries no document: it only leads back to the certificate's page.
        using var get = await client.GetAsync($"/verificar/{code}/documento?Tipo=CC&Numero={document}");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        var id = await App.WithDbAsync(db => db.Certificates.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());
        Assert.Equal(2, await App.WithDbAsync(db => db.CertificateDocumentChecks.CountAsync(c => c.CertificateId == id)));

        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "certificate.document-checked" && e.TargetId == code).Select(e => e.Summary).ToListAsync());
        Assert.Equal(["Respuesta: no", "Respuesta: sí"], audit.Order());
        Assert.All(audit, s => Assert.DoesNotContain(document, s));
    }

    [Fact]
    public async Task Each_certificate_answers_five_questions_a_day_whoever_asks()
    {
        var (code, document) = await IssueAsync();
        using var client = App.CreateClient();
        for (var i = 0; i < DocumentConfirmation.PerCertificatePerDay; i++)
        {
            using var answer = await client.PostAsJsonAsync($"/api/v1/certificados/{code}/documento", new { tipo = "CC", numero = $"10000000{i:00}" });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.False(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("coincide").GetBoolean());
        }
        // The sixth, even with the right number, is refused: guessing the masked digits would take about a million tries.
        using var refused = await client.PostAsJsonAsync($"/api/v1/certificados/{code}/documento", new { tipo = "CC", numero = document });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("5 consultas", await refused.Content.ReadAsStringAsync());

        // Another certificate still answers.
        var (other, otherDocument) = await IssueAsync();
        using var yes = await client.PostAsJsonAsync($"/api/v1/certificados/{other}/documento", new { tipo = "cc", numero = otherDocument });
        Assert.True(JsonDocument.Parse(await yes.Content.ReadAsStringAsync()).RootElement.GetProperty("coincide").GetBoolean());

        using var unknown = await client.PostAsJsonAsync($"/api/v1/certificados/{CertificateCode.New(2026)}/documento", new { tipo = "CC", numero = "123" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var invalid = await client.PostAsJsonAsync($"/api/v1/certificados/{other}/documento", new { tipo = "XX", numero = "123" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var get = await client.GetAsync($"/api/v1/certificados/{other}/documento");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task The_learner_page_offers_the_pdf_the_signed_credential_LinkedIn_and_the_verification_link()
    {
        var document = NextDocument();
        var seeded = await App.CreateCompletionAsync("Julián", "Herrera", document);
        var user = await App.CreateUserAsync("julian.ob3", Roles.Aprendiz);
        await App.LinkAccountAsync(user.Id, personId: seeded.PersonId);
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        using var learner = await App.SignedInClientAsync("julian.ob3");

        var page = await learner.GetDocumentAsync("/certificados");
        var links = page.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.Contains($"/certificados/{code}.jwt", links);
        Assert.Contains($"/certificados/{code}.json", links);
        Assert.Contains($"https://scari.test/verificar/{code}", links);
        var linkedIn = Assert.Single(links, l => l.StartsWith("https://www.linkedin.com/profile/add?", StringComparison.Ordinal));
        Assert.Contains("certUrl=" + Uri.EscapeDataString($"https://scari.test/verificar/{code}"), linkedIn);
        Assert.Contains($"certId={code}", linkedIn);
        Assert.DoesNotContain(document, page.Source.Text);

        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync($"/certificados/{code}.jwt")).StatusCode);
        Assert.Contains("OpenBadgeCredential", await learner.GetStringAsync($"/certificados/{code}.json"));
    }

    [Fact]
    public async Task The_old_json_with_the_document_is_served_to_its_holder_and_administrators_only()
    {
        var colegio = await App.CreateColegioAsync("COL-OB3", "Colegio Open Badges");
        var document = NextDocument();
        var seeded = await App.CreateCompletionAsync("Lina", "Vargas", document, colegioId: colegio);
        var code = await App.MakeLegacyCertificateAsync(
            (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code);
        var coordinatorUser = await App.CreateUserAsync("coord-ob3@scari.test", Roles.Coordinador);
        await App.LinkAccountAsync(coordinatorUser.Id, coordinatedColegioId: colegio);
        await App.CreateUserAsync("admin-legacy@scari.test", Roles.Administrador);
        using var coordinator = await App.SignedInClientAsync("coord-ob3@scari.test");
        using var admin = await App.SignedInClientAsync("admin-legacy@scari.test");

        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/certificados/{code}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/certificados/{code}.json")).StatusCode);
        Assert.Contains(document, await admin.GetStringAsync($"/certificados/{code}.json"));
    }
}

/// <summary>The app with the per-IP limit of document questions at two.</summary>
public sealed class LowDocumentLimitApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("RateLimits:Documento:PermitLimit", "2"));
}

public sealed class DocumentConfirmationLimitTests(LowDocumentLimitApp fixture) : IClassFixture<LowDocumentLimitApp>
{
    [Fact]
    public async Task The_per_IP_limit_refuses_questions_past_it_on_the_form_and_the_API_alike()
    {
        var app = fixture.App;
        var seeded = await app.CreateCompletionAsync("Pilar", "Gil", "1069990001");
        var code = (await app.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        using var client = app.CreateBrowserLikeClient();
        using var first = await client.PostAsJsonAsync($"/api/v1/certificados/{code}/documento", new { tipo = "CC", numero = "1000000001" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await client.PostFormAsync($"/verificar/{code}", new() { ["Tipo"] = "CC", ["Numero"] = "1000000002" },
            formAction: $"/verificar/{code}/documento");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var third = await client.PostAsJsonAsync($"/api/v1/certificados/{code}/documento", new { tipo = "CC", numero = "1000000003" });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        // Refused before it was asked: the certificate's own count did not move.
        Assert.Equal(2, await app.WithDbAsync(db => db.CertificateDocumentChecks.CountAsync()));
    }
}
