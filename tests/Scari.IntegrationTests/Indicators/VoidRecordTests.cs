using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using static Scari.IntegrationTests.Indicators.IndicatorWorldExtensions;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// Voiding an in-person record entered by mistake (issue 17, item 7): reachable from the person's page and the session
/// page, reason required and audited, gone from every live figure at once, kept by the publication made before (whose
/// drift names it "anulado"), and undone with its own audited reason. On PostgreSQL and on SQLite.
/// </summary>
public abstract class VoidRecordTests(IIndicatorWorld world)
{
    private ScariAppFactory App => world.App;
    private const string Staff = IndicatorScenario.Staff;

    private async Task<HttpClient> AdminAsync()
    {
        const string name = "anular.admin@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private Task<int> CountAsync(string date) =>
        world.CounterAsync((c, d) => c.CountAsync(d.Find(Staff)!, Date(date), IndicatorScope.All, default));

    [Fact]
    public async Task A_voided_in_person_record_leaves_every_live_figure_stays_in_the_earlier_publication_with_reason_anulado_and_can_be_restored()
    {
        var dario = world.World.People["Dario"];
        var (completionId, sessionId) = await App.WithDbAsync(async db =>
        {
            var c = await db.Completions.SingleAsync(c => c.PersonId == dario && c.Source == CompletionSource.InPerson);
            return (c.Id, await db.Attendances.Where(a => a.CompletionId == c.Id).Select(a => a.SessionId).SingleAsync());
        });
        // Dario counts on July 20th only through the workshop; by December he also finished on line.
        Assert.Equal(6, await CountAsync("2025-07-20"));
        var published = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>().PublishAsync(Staff, Date("2025-07-31"), null, "prueba", default));
        Assert.Null(published.Error);
        Assert.Equal(6, published.Publication!.People);

        using var admin = await AdminAsync();
        // Reachable from the person's page and from the session page, with no certificate issued first.
        var personPage = await admin.GetDocumentAsync($"/admin/personas/{dario}");
        Assert.Contains(personPage.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/admin/finalizaciones/{completionId}#motivo" && a.TextContent.StartsWith("Anular", StringComparison.Ordinal));
        var sessionPage = await admin.GetDocumentAsync($"/admin/formacion-presencial/{sessionId}");
        Assert.Contains(sessionPage.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/admin/finalizaciones/{completionId}#motivo");
        Assert.False(await App.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CompletionId == completionId)));

        Assert.Contains("Prueba Dario", await admin.GetStringAsync($"/admin/indicadores/{Staff}/personas?corte=2025-07-21&formato=csv"));

        // The reason is required.
        var recordUrl = $"/admin/finalizaciones/{completionId}";
        using (var empty = await admin.PostFormAsync(recordUrl, new() { ["Motivo"] = "  " }, $"{recordUrl}?handler=Anular"))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Contains("Escriba el motivo", await empty.Content.ReadAsStringAsync());
        }
        Assert.Null(await App.WithDbAsync(db => db.Completions.Where(c => c.Id == completionId).Select(c => c.VoidedUtc).SingleAsync()));

        using (var voided = await admin.PostFormAsync(recordUrl, new() { ["Motivo"] = "Se registró en la sesión equivocada" }, $"{recordUrl}?handler=Anular"))
            Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "completion.voided" && e.TargetId == completionId.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains("Motivo: Se registró en la sesión equivocada", audit.Summary);
        Assert.Contains("Registro anulado", audit.Summary);
        Assert.Equal("anular.admin@scari.test", audit.ActorName);
        Assert.Contains("Anulado el", (await admin.GetDocumentAsync(recordUrl)).QuerySelector("[data-testid=estado]")!.TextContent);

        // Every live figure at every date: counter, dashboard, drill-down, export, public page, API, month end.
        Assert.Equal(5, await CountAsync("2025-07-20"));
        Assert.Equal(6, await CountAsync("2025-12-31")); // his on-line completion still counts: the record is voided, not the person
        var dashboard = await admin.GetDocumentAsync($"/admin/indicadores/{Staff}?corte=2025-07-20");
        Assert.Equal("5", dashboard.QuerySelector("[data-testid=total]")!.TextContent.Trim());
        var people = await admin.GetStringAsync($"/admin/indicadores/{Staff}/personas?corte=2025-07-20");
        Assert.DoesNotContain("Prueba Dario", people);
        Assert.DoesNotContain("Prueba Dario", await admin.GetStringAsync($"/admin/indicadores/{Staff}/personas?corte=2025-07-21&formato=csv"));
        var api = await App.CreateClient().GetFromJsonAsync<List<Scari.Web.Features.Api.ApiIndicator>>("/api/v1/indicadores?corte=2025-07-22");
        Assert.Equal(5, api!.Single(i => i.Id == Staff).Count);
        var live = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>()
            .LiveMonthEndAsync(sp.GetRequiredService<IndicatorDefinitions>().Find(Staff)!, Date("2025-07-31"), default));
        Assert.Equal(5, live!.People);

        // The publication keeps him; its drift names him with the reason.
        var kept = await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().SingleAsync(p => p.Id == published.Publication.Id));
        Assert.Equal((6, published.Publication.Sha256), (kept.People, kept.Sha256));
        var drift = await admin.GetDocumentAsync($"/admin/indicadores/{Staff}?corte=2025-07-31");
        Assert.Equal("+0 / −1 personas desde la publicación", drift.QuerySelector("[data-testid=deriva]")!.TextContent);
        var driftText = drift.QuerySelector("#deriva")!.ParentElement!.TextContent;
        Assert.Contains("Prueba Dario", driftText);
        Assert.Contains("anulado: Se registró en la sesión equivocada", driftText);

        // Unmarking the voided attendance is refused: the record stays as the trace of the void.
        var problems = await App.WithScopeAsync(sp => sp.GetRequiredService<InPersonTraining>().RecordAsync(sessionId, [new AttendanceMark(dario, true, false)], default));
        Assert.Contains(problems, p => p.Contains("está anulado", StringComparison.Ordinal));
        Assert.True(await App.WithDbAsync(db => db.Completions.AnyAsync(c => c.Id == completionId)));
        // No certificate for a voided record.
        Assert.False(await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateAccess>()
            .CanIssueAsync(new CurrentAccount("x", true, false, false, null, null, null), completionId, default)));

        // Undone, with its own reason, audited: he counts again.
        using (var restored = await admin.PostFormAsync(recordUrl, new() { ["Motivo"] = "La sesión sí era la correcta" }, $"{recordUrl}?handler=Restablecer"))
            Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(6, await CountAsync("2025-07-20"));
        Assert.Contains("Motivo para deshacerla: La sesión sí era la correcta",
            (await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "completion.restored"))).Summary);
        Assert.Equal("6", (await admin.GetDocumentAsync($"/admin/indicadores/{Staff}?corte=2025-07-20")).QuerySelector("[data-testid=total]")!.TextContent.Trim());
    }

    [Fact]
    public async Task On_line_records_and_records_with_a_live_certificate_are_not_voided_and_others_than_administrators_cannot()
    {
        var ana = world.World.People["Ana"];
        var online = await App.WithDbAsync(db => db.Completions.Where(c => c.PersonId == ana).Select(c => c.Id).FirstAsync());
        var voiding = (Func<int, Task<string?>>)(id => App.WithScopeAsync(sp => sp.GetRequiredService<CompletionVoiding>().VoidAsync(id, "Motivo suficientemente largo", default)));
        Assert.Contains("en línea no se anula", await voiding(online));

        // An in-person record whose certificate is live: revoke first.
        var (session, _) = await App.WithScopeAsync(sp => sp.GetRequiredService<InPersonTraining>().CreateSessionAsync(new SessionInput
        { Name = "Taller certificado", Date = new DateOnly(2025, 10, 1), Hours = 2, TutorName = "Tutora" } /* counts for no indicator: the other test's figures stay */, default));
        var karl = world.World.People["Karl"];
        Assert.Empty(await App.WithScopeAsync(sp => sp.GetRequiredService<InPersonTraining>().RecordAsync(session!.Id, [new AttendanceMark(karl, true, true)], default)));
        var certified = await App.WithDbAsync(async db =>
        {
            var c = await db.Completions.SingleAsync(c => c.PersonId == karl && c.Source == CompletionSource.InPerson);
            db.Certificates.Add(new Certificate
            {
                Code = "T-KARL-1", CompletionId = c.Id, PersonId = karl, HolderName = "x", DocumentType = "CC", DocumentNumber = "1", CourseId = c.CourseId,
                CourseTitle = "Taller certificado", CourseVersion = "1", Hours = 2, CompletedOn = new DateOnly(2025, 10, 1), IssuedUtc = c.CompletedUtc, Signature = "s",
            });
            await db.SaveChangesAsync();
            return c.Id;
        });
        Assert.Contains("T-KARL-1 vigente", await voiding(certified));
        Assert.Null(await App.WithDbAsync(db => db.Completions.Where(c => c.Id == certified).Select(c => c.VoidedUtc).SingleAsync()));

        // A coordinator or a tutor does not reach the record page.
        await App.CreateUserAsync("anular.tutor@scari.test", Roles.Tutor);
        using var tutor = await App.SignedInClientAsync("anular.tutor@scari.test");
        using var response = await tutor.GetAsync($"/admin/finalizaciones/{certified}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class PostgresVoidRecordTests(PostgresIndicatorWorld world) : VoidRecordTests(world), IClassFixture<PostgresIndicatorWorld>;

public sealed class SqliteVoidRecordTests(SqliteIndicatorWorld world) : VoidRecordTests(world), IClassFixture<SqliteIndicatorWorld>;
