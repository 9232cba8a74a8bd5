using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Indicators;

namespace Scari.IntegrationTests.Security;

/// <summary>Finding 1 of the security review: a revoked certificate must not come back from the learner's side.</summary>
public sealed class RevocationTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private Task<int> StaffIndicatorCountAsync() => App.WithScopeAsync(sp =>
    {
        var definitions = sp.GetRequiredService<IndicatorDefinitions>();
        var today = Bogota.Today(TimeProvider.System);
        return sp.GetRequiredService<IndicatorCounter>().CountAsync(definitions.Find("funcionarios-tic")!, today, IndicatorScope.All, default);
    });

    [Fact]
    public async Task A_revoked_certificate_stays_revoked_on_every_learner_page_and_post_until_an_administrator_reissues_it()
    {
        var seeded = await App.CreateCompletionAsync("Marta", "Revocada Ruiz", "1047399001", courseId: "seguridad-digital");
        var learner = await App.CreateUserAsync("marta.revocada@scari.test", Roles.Aprendiz);
        await App.LinkAccountAsync(learner.Id, personId: seeded.PersonId);
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        var before = await StaffIndicatorCountAsync();
        Assert.True(await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(code, "Evaluación presentada por otra persona", default)));
        Assert.Equal(before - 1, await StaffIndicatorCountAsync());

        using var client = await App.SignedInClientAsync("marta.revocada@scari.test");
        foreach (var page in new[] { "/mi-aprendizaje", "/certificados" })
        {
            var html = await client.GetStringAsync(page);
            Assert.Contains("Revocado el", html);
            Assert.Contains("motivo: Evaluación presentada por otra persona", html);
            Assert.Contains("pida una revisión", html);
            Assert.DoesNotContain("Obtener certificado", html);
            Assert.DoesNotContain($"/certificados/emitir/{seeded.CompletionId}", html);
        }
        // The POST the old button sent, straight: nothing is issued.
        var token = (await client.GetDocumentAsync("/mi-aprendizaje")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var issue = await client.PostAsync($"/certificados/emitir/{seeded.CompletionId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        Assert.Equal("/certificados", issue.Headers.Location!.OriginalString);
        using var pdf = await client.GetAsync($"/certificados/{code}.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode); // the revoked PDF itself stays readable; verification says revoked
        Assert.Equal(0, await App.WithDbAsync(db => db.Certificates.CountAsync(c => c.CompletionId == seeded.CompletionId && c.RevokedUtc == null)));
        Assert.Equal(before - 1, await StaffIndicatorCountAsync());

        // Only an administrator's reissue after a review brings it back, audited.
        var replacement = await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().ReissueAsync(code, default, "Revisión: la evaluación fue presencial y supervisada"));
        Assert.NotNull(replacement);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "certificate.reissued" && e.TargetId == replacement!.Code && e.Summary!.Contains("tras revisión"))));
        Assert.Equal(before, await StaffIndicatorCountAsync());
        var after = await client.GetStringAsync("/mi-aprendizaje");
        Assert.DoesNotContain("Revocado el", after);
        Assert.Contains($"/certificados/{replacement!.Code}.pdf", after);
    }

    [Fact]
    public async Task A_reissue_of_a_revoked_certificate_needs_the_result_of_the_review()
    {
        var seeded = await App.CreateCompletionAsync("Raúl", "Sin Revisión", "1047399002");
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(code, "Datos falsos", default));
        Assert.Null(await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().ReissueAsync(code, default)));
        Assert.Equal(1, await App.WithDbAsync(db => db.Certificates.CountAsync(c => c.CompletionId == seeded.CompletionId)));
    }
}
