using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;

namespace Scari.IntegrationTests.Admin;

public sealed class AuditLogTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private Task AddEntriesAsync(params AuditEntry[] entries) =>
        App.WithDbAsync(async db => { db.AuditEntries.AddRange(entries); return await db.SaveChangesAsync(); });

    private static AuditEntry Entry(string action, DateTime atUtc, string actor = "ana@scari.test", string type = "Person", string id = "1") =>
        new() { Action = action, AtUtc = atUtc, ActorName = actor, TargetType = type, TargetId = id, Summary = $"resumen {action}" };

    [Fact]
    public async Task The_administrator_sees_entries_newest_first_and_filters_by_action_actor_target_and_Bogota_days()
    {
        // 2026-03-10 23:30 in Bogotá is 2026-03-11 04:30 UTC: it belongs to the 10th.
        await AddEntriesAsync(
            Entry("test.filtro.viejo", new DateTime(2026, 3, 9, 15, 0, 0, DateTimeKind.Utc), actor: "luis@scari.test"),
            Entry("test.filtro.noche", new DateTime(2026, 3, 11, 4, 30, 0, DateTimeKind.Utc), type: "Enrollment", id: "77"),
            Entry("test.filtro.nuevo", new DateTime(2026, 3, 12, 15, 0, 0, DateTimeKind.Utc)));
        await App.CreateUserAsync("auditora@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("auditora@scari.test");

        var all = await admin.GetStringAsync("/admin/auditoria?Filter.Accion=test.filtro.");
        Assert.Contains("3 registros", all);
        all = all[all.IndexOf("<table", StringComparison.Ordinal)..]; // after the filter's suggestions
        Assert.True(all.IndexOf("test.filtro.nuevo", StringComparison.Ordinal) < all.IndexOf("test.filtro.noche", StringComparison.Ordinal));
        Assert.True(all.IndexOf("test.filtro.noche", StringComparison.Ordinal) < all.IndexOf("test.filtro.viejo", StringComparison.Ordinal));

        Assert.Contains("3 registros", await admin.GetStringAsync("/admin/auditoria?Filter.Accion=TEST.Filtro."));

        var byActor = await admin.GetStringAsync("/admin/auditoria?Filter.Accion=test.filtro.&Filter.Actor=LUIS");
        Assert.Contains("1 registro", byActor);
        Assert.Contains("test.filtro.viejo", byActor);

        var byTarget = await admin.GetStringAsync("/admin/auditoria?Filter.TipoObjeto=Enrollment&Filter.Objeto=77");
        Assert.Contains("1 registro", byTarget);
        Assert.Contains("test.filtro.noche", byTarget);

        var tenth = await admin.GetStringAsync("/admin/auditoria?Filter.Accion=test.filtro.&Filter.Desde=2026-03-10&Filter.Hasta=2026-03-10");
        Assert.Contains("1 registro", tenth);
        Assert.Contains("test.filtro.noche", tenth);
        Assert.Contains("10 de marzo de 2026", tenth);

        var backwards = await admin.GetStringAsync("/admin/auditoria?Filter.Desde=2026-03-10&Filter.Hasta=2026-03-01");
        Assert.Contains("anterior a la fecha «desde»", backwards);
    }

    [Fact]
    public async Task The_log_pages_by_fifty()
    {
        var start = new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        await AddEntriesAsync(Enumerable.Range(0, 60).Select(i => Entry("test.paginas", start.AddMinutes(i), id: $"p{i}")).ToArray());
        await App.CreateUserAsync("paginas@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("paginas@scari.test");

        var first = await admin.GetStringAsync("/admin/auditoria?Filter.Accion=test.paginas");
        Assert.Contains("página 1 de 2", first);
        Assert.Contains("Persona p59", first);
        Assert.DoesNotContain("Persona p9<", first);
        // The shared pager keeps the filter in its link to the second page.
        var pager = FormPosting.Parse(first).QuerySelector("nav.pager[aria-label='Páginas del registro']")!;
        Assert.Contains("Página 1 de 2 · 60 en total", pager.TextContent);
        var next = pager.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/admin/auditoria?Filter.Accion=test.paginas&Filter.Pagina=2", next);
        var second = await admin.GetStringAsync(next);
        Assert.Contains("Persona p9<", second);
        Assert.DoesNotContain("Persona p59", second);
        Assert.Contains("Página 2 de 2 · 60 en total", FormPosting.Parse(second).QuerySelector("nav.pager")!.TextContent);
    }

    [Fact]
    public async Task Only_administrators_open_the_audit_log()
    {
        await App.CreateUserAsync("coordina.audit@scari.test", Roles.Coordinador);
        using var coordinator = await App.SignedInClientAsync("coordina.audit@scari.test");
        using var denied = await coordinator.GetAsync("/admin/auditoria");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", denied.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_audit_entry_cannot_be_changed_or_deleted_through_the_model()
    {
        await AddEntriesAsync(Entry("test.inmutable", DateTime.UtcNow));
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => App.WithDbAsync(async db =>
        {
            var e = await db.AuditEntries.SingleAsync(x => x.Action == "test.inmutable");
            e.Summary = "reescrito";
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("no se puede modificar ni borrar", changed.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(x => x.Action == "test.inmutable"));
            return await db.SaveChangesAsync();
        }));
        Assert.Equal("resumen test.inmutable", await App.WithDbAsync(db => db.AuditEntries.Where(x => x.Action == "test.inmutable").Select(x => x.Summary).SingleAsync()));
    }
}
