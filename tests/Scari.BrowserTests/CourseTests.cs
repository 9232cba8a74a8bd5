using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Scari.BrowserTests;

public sealed class CourseTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task A_visitor_filters_the_catalogue_opens_a_course_reads_a_lesson_and_moves_to_the_next()
    {
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        await page.GotoAsync("/cursos");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cursos");
        await Assertions.Expect(page.Locator(".course-list > li")).ToHaveCountAsync(9);
        await page.AssertAccessibleAsync("cursos");

        await page.GetByLabel("Público").SelectOptionAsync(new SelectOptionValue { Label = "Estudiantes" });
        await page.GetByLabel("Buscar en los cursos y sus lecciones").FillAsync("programación");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("publico=estudiantes"));
        await Assertions.Expect(page.Locator(".course-list > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 de 9 cursos coinciden");
        await page.AssertAccessibleAsync("cursos-filtrados");

        await page.Locator(".course-list").GetByRole(AriaRole.Link, new() { Name = "Pensamiento computacional y programación" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Pensamiento computacional y programación");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("Jóvenes formados en TIC y 4RI");
        await page.AssertAccessibleAsync("curso");

        await page.GetByRole(AriaRole.Link, new() { Name = "Empezar a leer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("¿Qué es el pensamiento computacional?");
        await page.AssertAccessibleAsync("leccion");

        await page.GetByRole(AriaRole.Link, new() { Name = "Siguiente Descomposición y reconocimiento de patrones" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cursos/pensamiento-computacional/descomposicion-y-patrones$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Descomposición y reconocimiento de patrones");
        await Assertions.Expect(page.Locator(".module-outline [aria-current=page]")).ToHaveTextAsync("Descomposición y reconocimiento de patrones");
        await page.AssertAccessibleAsync("leccion-siguiente");

        await page.Locator(".module-outline").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Evaluación") }).ClickAsync();
        await Assertions.Expect(page.Locator("fieldset.question").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("fieldset.question input:checked")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync("evaluacion-vista-previa");
    }
}

/// <summary>The app on Kestrel serving tests/fixtures/search-content.</summary>
public sealed class SearchKestrelApp : Scari.Testing.PostgresApp
{
    protected override Scari.Testing.ScariAppFactory CreateFactory(string connectionString) =>
        Scari.Testing.ScariAppFactory.OnPostgres(connectionString,
            ("Scari:ContentDirectory", Scari.Testing.RepoPaths.TestsFolder(Path.Combine("fixtures", "search-content")))).WithKestrel();
}

public sealed class LessonSearchTests(Browser browser, SearchKestrelApp app) : IClassFixture<SearchKestrelApp>
{
    [Fact]
    public async Task A_visitor_searches_a_word_with_capitals_and_no_accent_and_lands_on_the_lesson_section_that_explains_it()
    {
        var page = await browser.NewPageAsync(app.App.ServerAddress, width: 360, height: 740);
        await page.GotoAsync("/cursos");
        await page.GetByLabel("Buscar en los cursos y sus lecciones").FillAsync("CONTRASENA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();

        var results = page.GetByRole(AriaRole.Region, new() { Name = "En las lecciones" });
        var first = results.GetByRole(AriaRole.Listitem).First;
        await Assertions.Expect(first.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Claves de acceso: Contraseñas largas");
        await Assertions.Expect(first.Locator("mark").First).ToHaveTextAsync("contraseña");
        await page.AssertAccessibleAsync("busqueda-lecciones-360");

        await first.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cursos/correo-prudente/claves#contrasenas-largas$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contraseñas largas" })).ToBeInViewportAsync();
    }
}
