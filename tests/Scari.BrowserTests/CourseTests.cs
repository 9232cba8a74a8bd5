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
        await page.GetByLabel("Buscar por título o descripción").FillAsync("programación");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("publico=estudiantes"));
        await Assertions.Expect(page.Locator(".course-list > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 de 9 cursos coinciden");
        await page.AssertAccessibleAsync("cursos-filtrados");

        await page.GetByRole(AriaRole.Link, new() { Name = "Pensamiento computacional y programación" }).ClickAsync();
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
