using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Scari.Testing;

namespace Scari.BrowserTests;

/// <summary>The app on Kestrel serving the small courses of tests/fixtures/journey-content.</summary>
public sealed class JourneyKestrelApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString,
            ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "journey-content")))).WithKestrel();
}

/// <summary>The same courses on SQLite behind Kestrel, as `dotnet run` serves them.</summary>
public sealed class SqliteJourneyKestrelApp() : SqliteApp(("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "journey-content"))))
{
    protected override ScariAppFactory CreateFactory(string dataDirectory, (string Key, string? Value)[] settings) =>
        ScariAppFactory.OnSqlite(dataDirectory, settings).WithKestrel();
}

/// <summary>The learner's whole journey in chromium, on PostgreSQL and on SQLite.</summary>
public sealed class LearnerJourneyTests(Browser browser, JourneyKestrelApp app) : LearnerJourneyTestsOn<JourneyKestrelApp>(browser, app);

public sealed class SqliteLearnerJourneyTests(Browser browser, SqliteJourneyKestrelApp app) : LearnerJourneyTestsOn<SqliteJourneyKestrelApp>(browser, app);

public abstract class LearnerJourneyTestsOn<TApp>(Browser browser, TApp app) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    /// <summary>Screenshots of the SQLite run get their own names, so the two runs never write the same file.</summary>
    private static readonly string Shot = typeof(TApp) == typeof(SqliteJourneyKestrelApp) ? "-sqlite" : "";

    [Fact]
    public async Task A_new_civil_servant_registers_enrolls_reads_every_lesson_fails_the_quiz_passes_it_and_sees_the_course_completed()
    {
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        // Registers as a civil servant.
        await page.GotoAsync("/cuenta/registro");
        await page.AssertAccessibleAsync("journey-01-registro" + Shot);
        await page.GetByLabel("Tipo de documento").SelectOptionAsync("CC");
        await page.GetByLabel("Número de documento").FillAsync("1047234567");
        await page.GetByLabel("Nombres").FillAsync("Laura");
        await page.GetByLabel("Apellidos").FillAsync("Marrugo Díaz");
        await page.GetByLabel("Correo electrónico").FillAsync("laura.marrugo@scari.test");
        await page.GetByLabel("Dependencia").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Planta").CheckAsync();
        await page.GetByLabel("Cargo u objeto del contrato").FillAsync("Profesional universitaria");
        await page.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("clave-larga-2026");
        await page.GetByLabel("Repita la contraseña").FillAsync("clave-larga-2026");
        await page.GetByLabel("He leído y acepto el aviso de privacidad", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear mi cuenta" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/mi-aprendizaje$"));
        await Assertions.Expect(page.GetByText("Todavía no está inscrito")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("journey-02-mi-aprendizaje-vacio" + Shot);

        // Enrolls.
        await page.GotoAsync("/cursos/primeros-pasos");
        await page.AssertAccessibleAsync("journey-03-curso-sin-inscripcion" + Shot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Quedó inscrito");
        await Assertions.Expect(page.GetByText("Avance: 0 de 3 elementos")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("journey-04-curso-inscrito" + Shot);
        await page.GetByRole(AriaRole.Link, new() { Name = "Continuar" }).ClickAsync();

        // Reads every lesson: one action per lesson, "Siguiente", which marks the lesson on the way.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Contraseñas seguras");
        await page.AssertAccessibleAsync("journey-05-leccion" + Shot);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Marcar como terminada" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Siguiente" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Correo sospechoso");
        // The outline says which lessons are done, in words and with an icon.
        var outline = page.GetByRole(AriaRole.Complementary);
        await Assertions.Expect(outline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Contraseñas seguras" })).ToContainTextAsync("Terminada");
        await Assertions.Expect(outline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Correo sospechoso" })).Not.ToContainTextAsync("Terminada");

        // Mi aprendizaje continues where the learner left off: the first step not done.
        await page.GotoAsync("/mi-aprendizaje");
        var card = page.GetByRole(AriaRole.Article, new() { Name = "Primeros pasos digitales" });
        await Assertions.Expect(card).ToContainTextAsync("Sigue: Correo sospechoso");
        await page.AssertAccessibleAsync("journey-05b-mi-aprendizaje-en-curso" + Shot);
        await card.GetByRole(AriaRole.Link, new() { Name = "Continuar donde quedó" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Correo sospechoso");
        await page.GetByRole(AriaRole.Button, new() { Name = "Siguiente" }).ClickAsync();

        // Fails the quiz: the multiple-choice question is only half answered.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Evaluación de inicio");
        await page.AssertAccessibleAsync("journey-06-evaluacion" + Shot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Comenzar evaluación" }).ClickAsync();
        await page.GetByLabel("una frase larga que solo usted recuerda").CheckAsync();
        await page.GetByLabel("Pide datos con urgencia").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Todavía no aprueba" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Puntaje: 50 %")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".quiz-feedback .verdict")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByText("La urgencia y un remitente extraño")).ToHaveCountAsync(0); // no feedback after a failed attempt
        await page.AssertAccessibleAsync("journey-07-resultado-reprobado" + Shot);

        // Passes it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Intentar de nuevo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Comenzar evaluación" }).ClickAsync();
        await page.GetByLabel("una frase larga que solo usted recuerda").CheckAsync();
        await page.GetByLabel("Pide datos con urgencia").CheckAsync();
        await page.GetByLabel("El remitente no coincide con la entidad").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aprobó la evaluación" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("¡Terminó el curso!")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("La urgencia y un remitente extraño")).ToBeVisibleAsync(); // the full review after passing
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Verificar certificado de Primeros pasos digitales" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("journey-08-resultado-aprobado" + Shot);

        // Sees the course completed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Mi aprendizaje" }).First.ClickAsync();
        var row = page.GetByRole(AriaRole.Article, new() { Name = "Primeros pasos digitales" });
        await Assertions.Expect(row).ToContainTextAsync("3 de 3");
        await Assertions.Expect(row).ToContainTextAsync("Terminado el");
        await page.AssertAccessibleAsync("journey-09-mi-aprendizaje-terminado" + Shot);

        // Completion issued the certificate: download it and check its code on the public page.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            row.GetByRole(AriaRole.Link, new() { Name = "Descargar certificado de Primeros pasos digitales" }).ClickAsync());
        var code = Regex.Match(download.SuggestedFilename, @"^(SCARI-[0-9A-Z-]+)\.pdf$").Groups[1].Value;
        Assert.NotEmpty(code);
        await page.GotoAsync($"/verificar/{code}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Válido");
        await page.AssertAccessibleAsync("journey-10-verificar" + Shot);

        // The outline marks the passed evaluation too.
        await page.GotoAsync("/cursos/primeros-pasos/inicio-evaluacion");
        await Assertions.Expect(page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Listitem)
            .Filter(new() { HasText = "Evaluación de inicio" })).ToContainTextAsync("Aprobada");

        var completions = await app.App.WithDbAsync(db => db.Completions.CountAsync(c => c.Person.DocumentNumber == "1047234567"));
        Assert.Equal(1, completions);
    }

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
