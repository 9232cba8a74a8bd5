using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

/// <summary>An administrator imports a population file and reads the coverage chart; the open-data page is accessible.</summary>
public sealed class CoverageTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task An_administrator_imports_the_headcount_and_sees_coverage_by_dependencia_and_the_open_data_page_is_accessible()
    {
        await IndicatorScenario.SeedAsync(app.App);
        await app.App.CreateUserAsync("admin.cobertura@scari.test", Roles.Administrador);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.cobertura@scari.test");

        await page.GotoAsync("/admin/poblacion");
        await page.GetByLabel("Fecha de las cifras").FillAsync("2025-06-30");
        await page.GetByLabel("Fuente").FillAsync("Talento Humano, nómina de junio de 2025");
        // Chromium reads the file when the form is sent: hand it the bytes, not a path that could go away.
        await page.GetByLabel("Archivo CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "poblacion.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("codigo_dependencia;planta;contratistas\nT-D1;8;2\nT-D2;20;0\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Revisar el archivo" }).ClickAsync();
        await Assertions.Expect(page.GetByText("El archivo no tiene problemas")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("poblacion-revision");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar la importación" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Población importada: 2 fila(s), 30 personas");
        await page.AssertAccessibleAsync("poblacion");

        await page.GotoAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        var chart = page.Locator("svg.coverage-chart");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart).ToContainTextAsync("30,0 %");
        await Assertions.Expect(page.GetByTestId("cobertura-total")).ToContainTextAsync("20,0 %");
        await page.AssertAccessibleAsync("indicadores-cobertura");

        // Sorting by name, then to the dependencia's own page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dependencia", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("orden=nombre"));
        await Assertions.Expect(page.GetByTestId("tabla-cobertura").Locator("tbody th").First).ToHaveTextAsync("Secretaría de Prueba Dos");
        await page.GetByRole(AriaRole.Link, new() { Name = "Secretaría de Prueba Uno", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("poblacion")).ToContainTextAsync("10 servidores según «Talento Humano, nómina de junio de 2025»");
        await page.AssertAccessibleAsync("cobertura-dependencia");

        await page.GotoAsync("/datos-abiertos");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Datos abiertos");
        await page.AssertAccessibleAsync("datos-abiertos");
    }
}
