using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.BrowserTests;

// The four apps of the «Why» screenshots, each on its own database and content. Their names are this file's own: the
// class is copied as it is into a worktree of the commit before issue 19 (scripts/screenshots-issue-19.sh), so it uses
// only what the tests' shared helpers already had then (Browser.NewPageAsync(Uri), PageChecks.SignInAsync,
// ScariAppFactory, PeopleTestData, IndicatorScenario, Totp).

/// <summary>The test catalogue (tests/fixtures/catalog) with the indicator scenario: coordinators, certificates, the dashboard.</summary>
public sealed class WhyCatalogueApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) => ScariAppFactory.OnPostgres(connectionString).WithKestrel();
}

/// <summary>tests/fixtures/journey-content: two lessons and an evaluation, the learner's way through.</summary>
public sealed class WhyJourneyApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "journey-content")))).WithKestrel();
}

/// <summary>tests/fixtures/search-content: a lesson about phishing in a course whose title and summary never say it.</summary>
public sealed class WhySearchApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "search-content")))).WithKestrel();
}

/// <summary>tests/fixtures/content/python: a lesson with Python code blocks.</summary>
public sealed class WhyPythonApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "content", "python")))).WithKestrel();
}

/// <summary>
/// Issue 19, «Done when»: for each bullet of its «Why» (numbered 1 to 8 in order), the screenshots that show the point,
/// saved as screenshots/19-why-&lt;n&gt;-&lt;slug&gt;-despues.png and listed in the test output. The same class, run at the
/// commit before issue 19 with SCARI_WHY_SUFIJO=antes (scripts/screenshots-issue-19.sh), takes the «antes» ones: it
/// therefore drives pages as both versions have them and asserts only what both must show (a page whose action the old
/// version lacks is photographed as it was).
/// </summary>
public sealed class WhyScreenshotsTests(Browser browser, WhyCatalogueApp catalogue, WhyJourneyApp journey, WhySearchApp search,
    WhyPythonApp python, ITestOutputHelper output)
    : IClassFixture<WhyCatalogueApp>, IClassFixture<WhyJourneyApp>, IClassFixture<WhySearchApp>, IClassFixture<WhyPythonApp>
{
    private static readonly string Suffix = Environment.GetEnvironmentVariable("SCARI_WHY_SUFIJO") is { Length: > 0 } s ? s : "despues";

    /// <summary>The list of this run starts empty (the screenshots of an earlier run are overwritten one by one).</summary>
    static WhyScreenshotsTests() => File.Delete(Path.Combine(Folder, $"19-why-lista-{Suffix}.txt"));

    private static string Folder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>The file name of one screenshot of bullet <paramref name="bullet"/>, written to the test output and to a list file.</summary>
    private string Name(int bullet, string slug, string extension = "png")
    {
        var name = $"19-why-{bullet}-{slug}-{Suffix}.{extension}";
        output.WriteLine($"«Why» {bullet}: {name}");
        File.AppendAllText(Path.Combine(Folder, $"19-why-lista-{Suffix}.txt"), $"{bullet}\t{name}\n");
        return Path.Combine(Folder, name);
    }

    private async Task ShotAsync(IPage page, int bullet, string slug, bool fullPage = true)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Name(bullet, slug), FullPage = fullPage });
    }

    private static async Task<int> PersonAsync(ScariAppFactory app, string document, string given, string family, Audience audience = Audience.Staff) =>
        await app.WithDbAsync(async db =>
        {
            var person = new Person
            {
                DocumentType = audience == Audience.Staff ? DocumentType.CC : DocumentType.TI, DocumentNumber = document,
                GivenNames = given, FamilyNames = family, Audience = audience, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

    private static async Task LinkAsync(ScariAppFactory app, string userId, int personId) =>
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PersonId, personId)));

    /// <summary>Clicks the lesson's action that moves on: «Siguiente» (or «Marcar como terminada» where it is the only one).</summary>
    private static async Task NextAsync(IPage page)
    {
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Siguiente" });
        if (await next.CountAsync() > 0) await next.First.ClickAsync();
        else await page.GetByRole(AriaRole.Button, new() { Name = "Marcar como terminada" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static int _admins;

    private async Task<IPage> AdminAsync(int width = 1280)
    {
        var user = $"admin.why.{Interlocked.Increment(ref _admins)}@scari.test";
        await catalogue.App.CreateUserAsync(user, Roles.Administrador, fullName: "Marta Administradora");
        var page = await browser.NewPageAsync(catalogue.App.ServerAddress);
        if (width != 1280) await page.SetViewportSizeAsync(width, 740);
        await page.SignInAsync(user);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    private static readonly SemaphoreSlim ScenarioOnce = new(1, 1);
    private static bool _scenario;

    /// <summary>The indicator scenario (people, completions, certificates), seeded once for the catalogue app.</summary>
    private async Task ScenarioAsync()
    {
        await ScenarioOnce.WaitAsync();
        try
        {
            if (!_scenario) await IndicatorScenario.SeedAsync(catalogue.App);
            _scenario = true;
        }
        finally { ScenarioOnce.Release(); }
    }

    [Fact]
    public async Task Why_1_a_learner_lands_on_their_courses_sees_what_is_done_and_reaches_the_certificate()
    {
        var app = journey.App;
        var person = await PersonAsync(app, "1047190001", "Lucía", "Mercado Ruiz");
        var user = await app.CreateUserAsync("lucia.why@scari.test", Roles.Aprendiz, fullName: "Lucía Mercado Ruiz");
        await LinkAsync(app, user.Id, person);
        var page = await browser.NewPageAsync(app.ServerAddress);
        await page.SignInAsync("lucia.why@scari.test");
        await page.GotoAsync("/cursos/primeros-pasos");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Where a learner lands after signing in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Salir" }).ClickAsync();
        await page.SignInAsync("lucia.why@scari.test");
        await ShotAsync(page, 1, "tras-ingresar");

        // Reads both lessons; the outline beside the evaluation then shows (or not) what is done.
        await page.GotoAsync("/cursos/primeros-pasos/contrasenas");
        await NextAsync(page);
        await page.GotoAsync("/cursos/primeros-pasos/correo");
        await ShotAsync(page, 1, "leccion-acciones");
        await NextAsync(page);
        await page.GotoAsync("/cursos/primeros-pasos/inicio-evaluacion");
        await ShotAsync(page, 1, "indice-con-lecciones-terminadas");

        // Passes the evaluation: the course's last step.
        await page.GetByRole(AriaRole.Button, new() { Name = "Comenzar evaluación" }).ClickAsync();
        await page.GetByLabel("una frase larga que solo usted recuerda").CheckAsync();
        await page.GetByLabel("Pide datos con urgencia").CheckAsync();
        await page.GetByLabel("El remitente no coincide con la entidad").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();
        await Assertions.Expect(page.GetByText("¡Terminó el curso!")).ToBeVisibleAsync();
        await ShotAsync(page, 1, "ultimo-paso-certificado");
    }

    [Fact]
    public async Task Why_2_on_a_phone_pages_fit_360_px_and_the_header_folds_into_a_menu()
    {
        // Mi aprendizaje of a learner with a finished course (its certificate column), at 360 px.
        var app = journey.App;
        var person = await PersonAsync(app, "1047190002", "Andrés", "Palacio Gómez");
        var user = await app.CreateUserAsync("andres.why@scari.test", Roles.Aprendiz, fullName: "Andrés Palacio Gómez");
        await LinkAsync(app, user.Id, person);
        var page = await browser.NewPageAsync(app.ServerAddress);
        await page.SetViewportSizeAsync(360, 740);
        await page.SignInAsync("andres.why@scari.test");
        await page.GotoAsync("/cursos/primeros-pasos");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();
        await page.GotoAsync("/cursos/primeros-pasos/contrasenas");
        await NextAsync(page);
        await page.GotoAsync("/cursos/primeros-pasos/correo");
        await NextAsync(page);
        await page.GotoAsync("/cursos/primeros-pasos/inicio-evaluacion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comenzar evaluación" }).ClickAsync();
        await page.GetByLabel("una frase larga que solo usted recuerda").CheckAsync();
        await page.GetByLabel("Pide datos con urgencia").CheckAsync();
        await page.GetByLabel("El remitente no coincide con la entidad").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GotoAsync("/mi-aprendizaje");
        output.WriteLine($"Mi aprendizaje a 360 px: {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px de ancho");
        await ShotAsync(page, 2, "mi-aprendizaje-360");
        // The first screen of a phone: how much of it the header takes, and its menu.
        await ShotAsync(page, 2, "encabezado-360", fullPage: false);
        var menu = page.Locator("summary", new() { HasText = "Menú" });
        if (await menu.CountAsync() > 0 && await menu.First.IsVisibleAsync())
        {
            await menu.First.ClickAsync();
            await ShotAsync(page, 2, "menu-abierto-360", fullPage: false);
        }

        // /admin/certificados at 360 px, with the scenario's certificates.
        await ScenarioAsync();
        var admin = await AdminAsync(360);
        await admin.GotoAsync("/admin/certificados");
        output.WriteLine($"/admin/certificados a 360 px: {await admin.EvaluateAsync<int>("document.documentElement.scrollWidth")} px de ancho");
        await ShotAsync(admin, 2, "certificados-360");
    }

    [Fact]
    public async Task Why_3_searching_phishing_finds_the_lesson_that_teaches_it()
    {
        var page = await browser.NewPageAsync(search.App.ServerAddress);
        await page.GotoAsync("/cursos?q=phishing");
        await ShotAsync(page, 3, "busqueda-phishing");
        await page.GotoAsync("/cursos?q=contrase%C3%B1a");
        await ShotAsync(page, 3, "busqueda-contrasena");
    }

    [Fact]
    public async Task Why_4_a_school_coordinator_sees_their_own_work()
    {
        var app = catalogue.App;
        await ScenarioAsync();
        await app.CreateCoordinatorAsync("coordinacion.colegio.why@scari.test", colegioId: await app.ColegioIdAsync("IE001"));
        var page = await browser.NewPageAsync(app.ServerAddress);
        await page.SignInAsync("coordinacion.colegio.why@scari.test");
        await page.GotoAsync("/admin");
        await ShotAsync(page, 4, "coordinador-colegio-inicio");
        await page.GotoAsync("/admin/personas");
        await ShotAsync(page, 4, "coordinador-colegio-personas");
        await page.GotoAsync("/admin/inscripciones");
        await ShotAsync(page, 4, "coordinador-colegio-inscripciones");
    }

    [Fact]
    public async Task Why_5_the_audit_log_Mis_datos_and_the_header_speak_Spanish_and_name_the_person()
    {
        var app = catalogue.App;
        await ScenarioAsync();
        // A student with a sign-in code (an audit entry with its expiry) and an account by document, enrolled on their own.
        var student = await app.CreateStudentAsync(await app.ColegioIdAsync("IE002"), "1043190005", "Samuel", "Pérez Díaz");
        var account = await app.CreateUserAsync("TI-1043190005", Roles.Aprendiz, fullName: "TI-1043190005");
        await LinkAsync(app, account.Id, student);
        await app.IssueCodesAsync(student);
        var learner = await browser.NewPageAsync(app.ServerAddress);
        await learner.SignInAsync("TI-1043190005");
        await learner.GotoAsync("/cursos");
        var youth = learner.Locator("a[href^='/cursos/']", new() { HasText = "Pensamiento computacional" });
        if (await youth.CountAsync() > 0)
        {
            await youth.First.ClickAsync();
            var enroll = learner.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" });
            if (await enroll.CountAsync() > 0) await enroll.ClickAsync();
            await learner.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await learner.GotoAsync("/mi-cuenta/mis-datos");
        await ShotAsync(learner, 5, "mis-datos-y-nombre-en-el-encabezado");

        var admin = await AdminAsync();
        await admin.GotoAsync("/admin/auditoria");
        await ShotAsync(admin, 5, "auditoria");
        await admin.GotoAsync("/admin/personas/nuevo-estudiante");
        await ShotAsync(admin, 5, "nuevo-estudiante-tipo-de-documento", fullPage: false);
    }

    [Fact]
    public async Task Why_6_the_PDF_report_and_the_chart_keep_every_label()
    {
        await ScenarioAsync();
        var admin = await AdminAsync();
        await admin.GotoAsync("/admin/indicadores/funcionarios-tic?corte=2026-12-31");
        var chart = admin.Locator("svg.burnup").First;
        await chart.ScrollIntoViewIfNeededAsync();
        await chart.ScreenshotAsync(new() { Path = Name(6, "grafica-ultimo-mes") });

        var report = await admin.APIRequest.GetAsync("/admin/indicadores/funcionarios-tic/exportar/informe.pdf?corte=2026-12-31");
        Assert.Equal(200, report.Status);
        var pdf = Name(6, "informe", "pdf");
        await File.WriteAllBytesAsync(pdf, await report.BodyAsync());
        // The report's page as an image (poppler's pdftoppm, which scripts/test.sh installs).
        var png = Name(6, "informe-pdf");
        using var render = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", "-singlefile", pdf, png[..^4]]))!;
        await render.WaitForExitAsync();
        Assert.True(File.Exists(png), "pdftoppm no dibujó el informe");
    }

    [Fact]
    public async Task Why_7_the_admin_home_names_the_public_address_and_recovery_codes_can_be_kept()
    {
        var admin = await AdminAsync();
        await admin.GotoAsync("/admin");
        await ShotAsync(admin, 7, "inicio-administrador");
        await admin.GotoAsync("/cuenta/seguridad");
        var key = await admin.Locator("#clave").TextContentAsync();
        await admin.GetByLabel("Código de la aplicación").FillAsync(Totp.Code(key!));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Activar el ingreso en dos pasos" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Sus códigos de recuperación" })).ToBeVisibleAsync();
        await ShotAsync(admin, 7, "codigos-de-recuperacion");
        await admin.EmulateMediaAsync(new() { Media = Media.Print });
        await ShotAsync(admin, 7, "codigos-de-recuperacion-impresion");
    }

    [Fact]
    public async Task Why_8_a_Python_block_of_a_lesson_runs_in_the_page()
    {
        var page = await browser.NewPageAsync(python.App.ServerAddress);
        await page.GotoAsync("/cursos/python-en-clase/imprimir");
        var run = page.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" });
        if (await run.CountAsync() > 0)
        {
            await run.First.ClickAsync();
            await Assertions.Expect(page.Locator(".python-output").First).ToHaveTextAsync(new Regex("Hola desde Python"), new() { Timeout = 90_000 });
        }
        await ShotAsync(page, 8, "leccion-python");
    }
}
