using System.IO.Compression;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Courses;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.Shared;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests;

/// <summary>
/// No staff list cuts rows off: each shows 50 a page with "Página N de M · T en total", keeps its filters in the
/// pager links, and the second page holds the rest. Every test makes its own page and a half of rows and finds them
/// by a name, course or owner no other test uses.
/// </summary>
public sealed class StaffListPagingTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private static int _document = 1055000000;
    private static string NextDocument() => Interlocked.Increment(ref _document).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A unique name without digits: searches read digits as a document number.</summary>
    private static string UniqueName(string prefix) =>
        prefix + new string([.. JourneyData.Unique("").TrimStart('-').Select(d => (char)('a' + (d - '0')))]);

    private static List<IElement> Rows(IHtmlDocument page) => [.. page.QuerySelectorAll("main table tbody tr")];

    private static IElement Pager(IHtmlDocument page, string label) =>
        page.QuerySelector($"nav.pager[aria-label='{label}']") ?? throw new Xunit.Sdk.XunitException($"No hay paginador «{label}».");

    private static string Link(IElement pager, string rel) =>
        pager.QuerySelector($"a[rel={rel}]")?.GetAttribute("href") ?? throw new Xunit.Sdk.XunitException($"El paginador no tiene enlace «{rel}».");

    /// <summary>Issues one certificate per new person, in order (the last one is the newest).</summary>
    private async Task<List<string>> IssueManyAsync(int count, string courseId, string familyNames, int? colegioId = null)
    {
        var codes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var seeded = await App.CreateCompletionAsync($"Titular {i:D2}", familyNames, NextDocument(), courseId, colegioId);
            codes.Add((await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code);
        }
        return codes;
    }

    private static List<string> Codes(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("main table tbody td.cert-code a").Select(a => a.TextContent.Trim())];

    [Fact]
    public async Task The_certificates_list_pages_newest_first_and_keeps_search_course_and_state_in_the_pager_links()
    {
        var course = JourneyData.Unique("certificados-paginados");
        var family = UniqueName("Paginado");
        var codes = await IssueManyAsync(55, course, family);
        foreach (var code in codes.Take(3))
            await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(code, "Prueba de paginación", default));
        var live = codes.Skip(3).ToList();
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        // Everything of the course, both states: newest first, 50 then 5.
        var all1 = await admin.GetDocumentAsync($"/admin/certificados?curso={course}");
        var all2 = await admin.GetDocumentAsync(Link(Pager(all1, "Páginas de certificados"), "next"));
        Assert.Equal(50, Rows(all1).Count);
        Assert.Equal(5, Rows(all2).Count);
        Assert.Equal(Enumerable.Reverse(codes), Codes(all1).Concat(Codes(all2)));
        Assert.Contains("Página 1 de 2 · 55 en total", Pager(all1, "Páginas de certificados").TextContent);
        Assert.Contains("Página 2 de 2 · 55 en total", Pager(all2, "Páginas de certificados").TextContent);

        // Search by the holders' family name, the course and "vigente": the links carry all three.
        var query = $"/admin/certificados?q={Uri.EscapeDataString(family.ToLowerInvariant())}&curso={course}&estado=vigente";
        var first = await admin.GetDocumentAsync(query);
        var next = Link(Pager(first, "Páginas de certificados"), "next");
        Assert.Contains("pagina=2", next);
        Assert.Contains($"q={Uri.EscapeDataString(family.ToLowerInvariant())}", next);
        Assert.Contains($"curso={course}", next);
        Assert.Contains("estado=vigente", next);
        var second = await admin.GetDocumentAsync(next);
        Assert.Equal(50, Rows(first).Count);
        Assert.Equal(2, Rows(second).Count);
        Assert.Contains("Página 2 de 2 · 52 en total", Pager(second, "Páginas de certificados").TextContent);
        var prev = Link(Pager(second, "Páginas de certificados"), "prev");
        Assert.Contains("estado=vigente", prev);
        Assert.Contains($"curso={course}", prev);
        Assert.Null(Pager(second, "Páginas de certificados").QuerySelector("a[rel=next]"));
        Assert.Equal(Enumerable.Reverse(live), Codes(first).Concat(Codes(second)));
        Assert.All(Rows(first).Concat(Rows(second)), r => Assert.Contains("Vigente", r.TextContent));
        // Past the end shows the last page.
        Assert.Equal(Codes(second), Codes(await admin.GetDocumentAsync(query + "&pagina=9")));

        // The revoked ones alone, and one certificate by its code typed loosely or by the holder's document.
        var revoked = await admin.GetDocumentAsync($"/admin/certificados?curso={course}&estado=revocado");
        Assert.Equal(codes.Take(3).Reverse(), Codes(revoked));
        Assert.Null(revoked.QuerySelector("nav.pager"));
        Assert.Equal(new[] { live[7] }, Codes(await admin.GetDocumentAsync($"/admin/certificados?q={Uri.EscapeDataString(live[7].ToLowerInvariant().Replace('-', ' '))}")));
        var document = await App.WithDbAsync(db => db.Certificates.Where(c => c.Code == live[8]).Select(c => c.DocumentNumber).SingleAsync());
        Assert.Equal(new[] { live[8] }, Codes(await admin.GetDocumentAsync($"/admin/certificados?q={document}")));

        // The ZIP link of the list carries its filters and holds exactly its live certificates.
        var zipHref = first.QuerySelector("a[href^='/admin/certificados/zip']")!.GetAttribute("href")!;
        Assert.Contains($"curso={course}", zipHref);
        Assert.DoesNotContain("estado", zipHref);
        using var zip = await admin.GetAsync(zipHref);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(live.Count, archive.Entries.Count);
        Assert.All(live, code => Assert.Single(archive.Entries, e => e.Name.EndsWith($" {code}.pdf", StringComparison.Ordinal)));

        // A ZIP with nothing live in it leads back to the same list, which says why no file came.
        using var empty = await admin.GetAsync($"/admin/certificados/zip?curso={course}&q=nadie");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, empty.StatusCode);
        var back = await admin.GetDocumentAsync(empty.Headers.Location!.OriginalString);
        Assert.Contains("No hay certificados vigentes con esos filtros", back.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.Equal("nadie", back.QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.Equal(course, back.QuerySelector("select[name=curso] option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_coordinator_pages_through_the_certificates_of_their_colegio_only()
    {
        var course = JourneyData.Unique("certificados-colegio");
        var colegio = await App.ColegioAsync();
        var mine = await IssueManyAsync(51, course, "Del Colegio", colegioId: colegio);
        // Issued last, so they would top the first page if the scope leaked.
        var others = await IssueManyAsync(5, course, "De Otra Parte");
        using var coordinator = await App.SignedInClientAsync(await App.StaffAsync(Roles.Coordinador, colegioId: colegio));
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var first = await coordinator.GetDocumentAsync("/admin/certificados");
        var second = await coordinator.GetDocumentAsync(Link(Pager(first, "Páginas de certificados"), "next"));
        Assert.Contains("Ve los certificados de las personas de su colegio.", first.Body!.TextContent);
        Assert.Equal(50, Rows(first).Count);
        Assert.Single(Rows(second));
        Assert.Contains("Página 2 de 2 · 51 en total", Pager(second, "Páginas de certificados").TextContent);
        Assert.Equal(Enumerable.Reverse(mine), Codes(first).Concat(Codes(second)));
        // A coordinator does not revoke: no actions column.
        Assert.Empty(first.QuerySelectorAll("form[action*='handler=Revocar']"));

        // The same course filter for an administrator shows everyone.
        var adminPage = await admin.GetDocumentAsync($"/admin/certificados?curso={course}");
        Assert.Contains("Página 1 de 2 · 56 en total", Pager(adminPage, "Páginas de certificados").TextContent);
        Assert.Equal(Enumerable.Reverse(others), Codes(adminPage).Take(5));
        Assert.NotEmpty(adminPage.QuerySelectorAll("form[action*='handler=Revocar']"));
    }

    [Theory]
    [InlineData("estado=borrado", "El estado «borrado» no existe: elija «Vigente» o «Revocado».")]
    [InlineData("cohorte=la-mia", "La cohorte «la-mia» no es válida: elíjala de la lista.")]
    [InlineData("desde=2026-13-01", "La fecha «desde» (2026-13-01) no es válida")]
    [InlineData("desde=2026-03-10&hasta=2026-03-01", "La fecha «hasta» es anterior a la fecha «desde»: corrija el rango.")]
    public async Task A_bad_certificates_filter_is_explained_in_Spanish_and_lists_nothing(string query, string message)
    {
        await IssueManyAsync(1, JourneyData.Unique("certificados-filtro"), "Filtro Malo");
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var page = await admin.GetDocumentAsync($"/admin/certificados?{query}");

        Assert.Contains(message, page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task The_import_history_pages_fifty_at_a_time()
    {
        var userName = await App.StaffAsync(Roles.Coordinador, colegioId: await App.ColegioAsync());
        var userId = await App.UserIdAsync(userName);
        var start = new DateTime(2026, 1, 5, 14, 0, 0, DateTimeKind.Utc);
        await App.WithDbAsync(db =>
        {
            db.ImportBatches.AddRange(Enumerable.Range(0, 57).Select(i => new ImportBatch
            {
                Status = ImportStatus.Imported, UserId = userId, UserName = userName, FileName = $"lote-{i:D2}.csv",
                FileSha256 = new string('a', 64), UploadedUtc = start.AddMinutes(i), ImportedUtc = start.AddMinutes(i + 1), Rows = 3, Created = 3,
            }));
            return db.SaveChangesAsync();
        });
        using var coordinator = await App.SignedInClientAsync(userName);

        var first = await coordinator.GetDocumentAsync("/admin/importar");
        var next = Link(Pager(first, "Páginas del historial de importaciones"), "next");
        var second = await coordinator.GetDocumentAsync(next);

        Assert.Equal(50, Rows(first).Count);
        Assert.Equal(7, Rows(second).Count);
        Assert.Contains("lote-56.csv", Rows(first)[0].TextContent);
        Assert.Contains("lote-00.csv", Rows(second)[^1].TextContent);
        Assert.Equal("/admin/importar?pagina=2", next);
        Assert.Contains("Página 2 de 2 · 57 en total", Pager(second, "Páginas del historial de importaciones").TextContent);
        Assert.Equal("/admin/importar?pagina=1", Link(Pager(second, "Páginas del historial de importaciones"), "prev"));
    }

    [Fact]
    public async Task The_in_person_sessions_list_pages_every_session()
    {
        var name = JourneyData.Unique("Taller paginado");
        // Dated after any other test's sessions, so they fill the first pages.
        await App.WithDbAsync(db =>
        {
            db.TrainingSessions.AddRange(Enumerable.Range(0, 57).Select(i => new TrainingSession
            {
                Name = $"{name} {i:D2}", ActivityKey = "actividad-" + name, Date = new DateOnly(2090, 1, 1).AddDays(i), Hours = 2,
                TutorName = "Tutora de prueba", CreatedUtc = DateTime.UtcNow,
            }));
            return db.SaveChangesAsync();
        });
        var total = await App.WithDbAsync(db => db.TrainingSessions.CountAsync());
        var pages = (total + 49) / 50;
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var first = await admin.GetDocumentAsync("/admin/formacion-presencial");
        var next = Link(Pager(first, "Páginas de sesiones"), "next");
        var second = await admin.GetDocumentAsync(next);

        Assert.Equal(50, Rows(first).Count);
        Assert.Equal("/admin/formacion-presencial?pagina=2", next);
        Assert.Contains($"{name} 56", Rows(first)[0].TextContent);
        Assert.Contains($"{name} 07", Rows(first)[^1].TextContent);
        Assert.Contains($"{name} 06", Rows(second)[0].TextContent);
        Assert.Equal(7, Rows(second).Count(r => r.TextContent.Contains(name)));
        Assert.Equal(Math.Min(50, total - 50), Rows(second).Count);
        Assert.Contains($"Página 2 de {pages} · {total} en total", Pager(second, "Páginas de sesiones").TextContent);
    }

    [Fact]
    public async Task The_attendance_search_shows_twenty_matches_and_says_when_there_are_more()
    {
        var name = JourneyData.Unique("Asistente");
        for (var i = 0; i < SessionModel.MaxCandidates + 1; i++) await App.PersonAsync(givenNames: $"{name} {i:D2}");
        var session = await App.WithDbAsync(async db =>
        {
            var s = new TrainingSession { Name = "Sesión de búsqueda", ActivityKey = "actividad-busqueda", Date = new DateOnly(2026, 3, 2), Hours = 2, TutorName = "Tutora", CreatedUtc = DateTime.UtcNow };
            db.TrainingSessions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var many = await admin.GetDocumentAsync($"/admin/formacion-presencial/{session}?buscar={Uri.EscapeDataString(name)}");
        Assert.Equal(SessionModel.MaxCandidates, many.QuerySelectorAll("input[name=Agregar]").Length);
        Assert.Contains($"Hay más de {SessionModel.MaxCandidates} personas con «{name}»", many.QuerySelector("#mas-resultados")!.TextContent);

        var one = await admin.GetDocumentAsync($"/admin/formacion-presencial/{session}?buscar={Uri.EscapeDataString(name + " 07")}");
        Assert.Single(one.QuerySelectorAll("input[name=Agregar]"));
        Assert.Null(one.QuerySelector("#mas-resultados"));
    }

    [Fact]
    public async Task A_persons_page_pages_their_enrollments_instead_of_cutting_them()
    {
        var person = await App.PersonAsync();
        await App.WithDbAsync(async db =>
        {
            var courses = Enumerable.Range(0, 53).Select(i => new CourseVersion
            {
                CourseId = JourneyData.Unique("curso-de-una-persona"), Version = "1", ContentHash = Guid.NewGuid().ToString("N"), Title = $"Curso {i:D2}",
                Hours = 2, PassScore = 70, IsCurrent = true, LoadedUtc = DateTime.UtcNow, OutlineJson = JourneyData.Outline(("l1", false)),
            }).ToList();
            db.CourseVersions.AddRange(courses);
            await db.SaveChangesAsync();
            db.Enrollments.AddRange(courses.Select((c, i) => new Enrollment
            {
                PersonId = person, CourseId = c.CourseId, CourseVersionId = c.Id, Source = EnrollmentSource.Staff,
                EnrolledUtc = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddHours(i),
            }));
            return await db.SaveChangesAsync();
        });
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        static List<string> Courses(IHtmlDocument page) => [.. page.QuerySelectorAll("main table tbody a[href^='/cursos/']").Select(a => a.TextContent.Trim())];
        var first = await admin.GetDocumentAsync($"/admin/personas/{person}");
        var next = Link(Pager(first, "Páginas de inscripciones"), "next");
        var second = await admin.GetDocumentAsync(next);

        Assert.Equal($"/admin/personas/{person}?pagina=2", next);
        Assert.Equal(50, Courses(first).Count);
        Assert.Equal(3, Courses(second).Count);
        Assert.Equal("Curso 52", Courses(first)[0]);
        Assert.Equal(53, Courses(first).Concat(Courses(second)).Distinct().Count());
        Assert.Contains("Página 2 de 2 · 53 en total", Pager(second, "Páginas de inscripciones").TextContent);
    }

    [Fact]
    public async Task The_people_list_pages_fifty_at_a_time_and_keeps_the_search_and_kind_in_the_links()
    {
        var name = UniqueName("Listada");
        for (var i = 0; i < Paging.PageSize + 3; i++) await App.PersonAsync(givenNames: $"{name} {i:D2}");
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var first = await admin.GetDocumentAsync($"/admin/personas?q={Uri.EscapeDataString(name)}&tipo=funcionarios");
        var next = Link(Pager(first, "Páginas de personas"), "next");
        var second = await admin.GetDocumentAsync(next);

        Assert.Contains($"q={Uri.EscapeDataString(name)}", next);
        Assert.Contains("tipo=funcionarios", next);
        Assert.Contains("pagina=2", next);
        Assert.Equal(50, Rows(first).Count);
        Assert.Equal(3, Rows(second).Count);
        Assert.Contains("Página 2 de 2 · 53 en total", Pager(second, "Páginas de personas").TextContent);
        Assert.Contains("tipo=funcionarios", Link(Pager(second, "Páginas de personas"), "prev"));
    }
}
