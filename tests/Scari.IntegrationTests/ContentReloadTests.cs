using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests;

/// <summary>Reloading content from /admin/contenido, course media, and versions stored by several instances.</summary>
public sealed class ContentReloadTests(FixtureContentApp app) : IClassFixture<FixtureContentApp>
{
    private CourseCatalog Catalog => app.App.Services.GetRequiredService<CourseCatalog>();

    [Fact]
    public async Task A_broken_course_is_refused_on_reload_and_its_last_good_version_keeps_being_served()
    {
        await app.App.CreateUserAsync("admin-contenido@scari.test", Roles.Administrador);
        using var admin = await app.App.SignedInClientAsync("admin-contenido@scari.test");
        var lesson = app.Content.File("cursos/curso-de-prueba/01-primeros-pasos/02-seguridad.md");
        var loaded = Catalog.Find("curso-de-prueba")!;
        var firstVersion = loaded.VersionId;
        await Catalog.ReloadAsync(TestContext.Current.CancellationToken);
        Assert.Same(loaded, Catalog.Find("curso-de-prueba")); // unchanged content hash: nothing parsed or rendered again

        File.WriteAllText(lesson, "Sin encabezado y con otro texto.\n");
        using (var reload = await admin.PostFormAsync("/admin/contenido", [], formAction: "/admin/contenido"))
            Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);

        var served = await admin.GetStringAsync("/cursos/curso-de-prueba/seguridad");
        Assert.Contains("Texto de la segunda lección", served);
        Assert.DoesNotContain("otro texto", served);
        var adminPage = FormPosting.Parse(await admin.GetStringAsync("/admin/contenido"));
        var file = adminPage.QuerySelectorAll("main h3").Single(h => h.TextContent == "cursos/curso-de-prueba/01-primeros-pasos/02-seguridad.md");
        Assert.Equal("Línea 1: falta el encabezado (front matter): empiece el archivo con una línea ---, los campos y otra línea ---",
            file.NextElementSibling!.QuerySelector("li")!.TextContent);
        Assert.Contains("se sirve la última versión válida", adminPage.QuerySelector("tbody")!.TextContent);
        Assert.Equal(firstVersion, Catalog.Find("curso-de-prueba")!.VersionId);

        File.WriteAllText(lesson, "---\ntitle: Seguridad\nminutes: 10\n---\nTexto corregido.\n");
        using (var reload = await admin.PostFormAsync("/admin/contenido", [], formAction: "/admin/contenido"))
            Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);

        Assert.Contains("Texto corregido.", await admin.GetStringAsync("/cursos/curso-de-prueba/seguridad"));
        var versions = await app.App.WithDbAsync(db => db.CourseVersions.AsNoTracking()
            .Where(v => v.CourseId == "curso-de-prueba").OrderBy(v => v.Id).Select(v => new { v.Id, v.IsCurrent }).ToListAsync());
        Assert.Equal(2, versions.Count);
        Assert.Equal([(firstVersion, false), (Catalog.Find("curso-de-prueba")!.VersionId, true)], versions.Select(v => (v.Id, v.IsCurrent)));
        var audits = await app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "content.reloaded").Select(a => a.ActorName).ToListAsync());
        Assert.Equal(["admin-contenido@scari.test", "admin-contenido@scari.test"], audits);
    }

    [Fact]
    public async Task Only_administrators_open_the_content_page()
    {
        await app.App.CreateUserAsync("coordinador-contenido@scari.test", Roles.Coordinador);
        using var coordinator = await app.App.SignedInClientAsync("coordinador-contenido@scari.test");
        using var response = await coordinator.GetAsync("/admin/contenido");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/cuenta/acceso-denegado", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);

        using var anonymous = app.App.CreateBrowserLikeClient();
        using var post = await anonymous.PostAsync("/admin/contenido", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task Lesson_images_are_served_from_the_course_media_folder_with_cache_headers()
    {
        using var client = app.App.CreateClient();
        var html = await client.GetStringAsync("/cursos/curso-de-prueba/bienvenida");
        Assert.Contains("src=\"/cursos/curso-de-prueba/media/diagrama.png\"", html);

        using var image = await client.GetAsync("/cursos/curso-de-prueba/media/diagrama.png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("fake-png", await image.Content.ReadAsStringAsync());
        Assert.Contains("max-age=86400", image.Headers.CacheControl!.ToString());
        var etag = image.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/cursos/curso-de-prueba/media/diagrama.png");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("/cursos/curso-de-prueba/media/..%2Fcurso.md")]
    [InlineData("/cursos/curso-de-prueba/media/%2E%2E/%2E%2E/curso-de-prueba/curso.md")]
    [InlineData("/cursos/curso-de-prueba/media/%2Fetc%2Fpasswd")]
    [InlineData("/cursos/curso-de-prueba/media/no-existe.png")]
    [InlineData("/cursos/no-existe/media/diagrama.png")]
    public async Task Media_outside_the_media_folder_or_missing_answers_404(string url)
    {
        using var client = app.App.CreateClient();
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// HTTP clients and servers already fold most "../" away before routing, so the 404s above would pass without
    /// any check of the app's own: this asks the media resolver itself, with a real image just outside the content
    /// folder (not inside it: a new file there would reload the catalogue under the other tests of this class).
    /// </summary>
    [Fact]
    public async Task The_media_resolver_never_leaves_the_course_media_folder()
    {
        var course = app.App.Services.GetRequiredService<Scari.Web.Content.CourseCatalog>().Find("curso-de-prueba")!;
        var outside = Path.Combine(Path.GetDirectoryName(app.Content.Root)!, $"scari-fuera-{Guid.NewGuid():N}.png");
        await File.WriteAllTextAsync(outside, "secreto", TestContext.Current.CancellationToken);
        try
        {
            var name = Path.GetFileName(outside);
            Assert.True(File.Exists(Path.Combine(course.FolderPath, "media", "..", "..", "..", "..", name)));
            Assert.NotNull(Scari.Web.Features.Courses.CourseMedia.Resolve(course, "diagrama.png"));
            Assert.Null(Scari.Web.Features.Courses.CourseMedia.Resolve(course, $"../../../../{name}"));
            Assert.Null(Scari.Web.Features.Courses.CourseMedia.Resolve(course, $"diagrama.png/../../../../../{name}"));
            Assert.Null(Scari.Web.Features.Courses.CourseMedia.Resolve(course, outside));
            Assert.Null(Scari.Web.Features.Courses.CourseMedia.Resolve(course, "../curso.md"));
            Assert.Null(Scari.Web.Features.Courses.CourseMedia.Resolve(course, "diagrama.png\0"));
        }
        finally
        {
            File.Delete(outside);
        }
    }
}

public sealed class CourseVersionStorageTests
{
    [Fact]
    public async Task Instances_starting_together_store_each_course_version_once_with_one_current()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = ScariAppFactory.OnPostgres(database.ConnectionString);
        await using var second = ScariAppFactory.OnPostgres(database.ConnectionString);

        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        var rows = await first.WithDbAsync(db => db.CourseVersions.AsNoTracking().Select(v => new { v.CourseId, v.IsCurrent }).ToListAsync());
        Assert.Equal(9, rows.Count);
        Assert.Equal(9, rows.Where(r => r.IsCurrent).Select(r => r.CourseId).Distinct().Count());
        var a = first.Services.GetRequiredService<CourseCatalog>().Courses.Select(c => c.VersionId);
        var b = second.Services.GetRequiredService<CourseCatalog>().Courses.Select(c => c.VersionId);
        Assert.Equal(a, b);
        Assert.DoesNotContain(0, a);

        await using var restarted = ScariAppFactory.OnPostgres(database.ConnectionString);
        _ = restarted.Services;
        Assert.Equal(9, await restarted.WithDbAsync(db => db.CourseVersions.CountAsync()));
    }
}
