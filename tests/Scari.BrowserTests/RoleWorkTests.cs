using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

/// <summary>
/// Issue 19, items 4 to 6 in chromium: each role sees its own work, the interface speaks Spanish and names people,
/// and the dashboard chart keeps its last month label whole. Screenshots: screenshots/19-*.png in the test output.
/// </summary>
public sealed class RoleWorkTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task A_school_coordinator_sees_their_own_counts_and_only_student_actions_and_youth_courses()
    {
        var school = await app.App.ColegioIdAsync("IE001");
        await app.App.CreateStudentAsync(school, "1043191001", "Valentina", "Torres");
        await app.App.CreateCoordinatorAsync("coord.navegador.19@scari.test", colegioId: school);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("coord.navegador.19@scari.test");

        await page.GotoAsync("/admin");
        var counts = page.Locator(".home-counts");
        await Assertions.Expect(counts).ToContainTextAsync("Estudiantes");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Base de datos");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("revocar, reemplazar");
        await page.AssertAccessibleAsync("19-4-coordinador-colegio-inicio");

        await page.GetByRole(AriaRole.Link, new() { Name = "Estudiantes de su colegio" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nuevo estudiante" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nuevo funcionario" })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync("19-4-coordinador-colegio-personas");

        await page.GotoAsync("/admin/inscripciones");
        var courses = await page.Locator("#enroll-course option").AllTextContentsAsync();
        Assert.Contains("Pensamiento computacional y programación", courses);
        Assert.DoesNotContain("Política de seguridad digital", courses);
        await page.AssertAccessibleAsync("19-4-coordinador-colegio-inscripciones");
    }

    [Fact]
    public async Task The_administrator_creates_a_student_with_TI_and_reads_the_audit_log_in_Spanish_and_a_student_is_greeted_by_name()
    {
        await app.App.CreateUserAsync("admin.navegador.19@scari.test", Roles.Administrador);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.navegador.19@scari.test");

        await page.GotoAsync("/admin/personas/nuevo-estudiante");
        await Assertions.Expect(page.GetByLabel("Tipo de documento")).ToHaveValueAsync("TI");
        await page.GotoAsync("/admin/auditoria");
        await page.AssertAccessibleAsync("19-5-auditoria-en-espanol");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(new Regex(@"ScariUser|person\.|certificate\."));

        var person = await app.App.CreateStudentAsync(await app.App.ColegioIdAsync("IE002"), "1043191002", "Samuel", "Pérez Díaz");
        var user = await app.App.CreateUserAsync("TI-1043191002", Roles.Aprendiz);
        await app.App.LinkAccountAsync(user.Id, person);
        var learner = await browser.NewPageAsync(app.App.ServerAddress);
        await learner.SignInAsync("TI-1043191002");
        await learner.GotoAsync("/mi-cuenta/mis-datos");
        await Assertions.Expect(learner.Locator(".who")).ToHaveTextAsync("Samuel Pérez Díaz");
        await learner.AssertAccessibleAsync("19-5-mis-datos-con-nombre");
    }

    [Fact]
    public async Task The_dashboard_chart_shows_its_last_month_label_whole()
    {
        await IndicatorScenario.SeedAsync(app.App);
        await app.App.CreateUserAsync("admin.grafica.19@scari.test", Roles.Administrador);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.grafica.19@scari.test");

        await page.GotoAsync("/admin/indicadores/funcionarios-tic?corte=2026-12-31");
        var chart = page.Locator("svg.burnup").First;
        var last = chart.Locator("text.month").Last;
        await Assertions.Expect(last).ToHaveTextAsync(new Regex("2026$"));
        var box = await chart.BoundingBoxAsync();
        var label = await last.BoundingBoxAsync();
        Assert.True(label!.X + label.Width <= box!.X + box.Width + 0.5, $"la etiqueta «{await last.TextContentAsync()}» se sale del gráfico");
        await page.AssertAccessibleAsync("19-6-tablero");
        await chart.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "19-6-grafica-ultimo-mes.png") });
    }
}
