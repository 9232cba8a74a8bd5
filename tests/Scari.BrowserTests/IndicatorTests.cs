using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

public sealed class IndicatorTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task The_dashboard_shows_the_counts_a_new_cut_off_changes_them_and_a_number_lists_its_people()
    {
        await IndicatorScenario.SeedAsync(app.App);
        await app.App.CreateUserAsync("admin.tablero@scari.test", Roles.Administrador);
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        await page.SignInAsync("admin.tablero@scari.test");

        await page.GotoAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Indicadores");
        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync("6");
        await Assertions.Expect(page.GetByTestId("percent")).ToHaveTextAsync("1,0 %");
        await Assertions.Expect(page.GetByText("las filas no suman el total de personas")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("indicadores-tablero");

        await page.GetByLabel("Fecha de corte").FillAsync("2025-03-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver avance" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("corte=2025-03-31"));
        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync("3");

        await page.GetByTestId("total").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Personas que cuentan");
        await Assertions.Expect(page.GetByTestId("people-total")).ToHaveTextAsync("3");
        var rows = page.Locator("tbody th");
        await Assertions.Expect(rows).ToHaveTextAsync(["Persona anonimizada", "Prueba Ana, Ana", "Prueba Iris, Iris"]);
        await page.AssertAccessibleAsync("indicadores-personas");

        // The people behind one course's number.
        await page.GetByRole(AriaRole.Link, new() { Name = "Volver al tablero" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "personas de Transformación digital" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody th")).ToHaveTextAsync(["Persona anonimizada"]);

        await page.GotoAsync("/admin/formacion-presencial");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Taller de ciberseguridad" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("formacion-presencial");
        await page.GetByRole(AriaRole.Link, new() { Name = "Taller de ciberseguridad" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Prueba Dario, Dario completó" })).ToBeCheckedAsync();
        await page.AssertAccessibleAsync("formacion-presencial-sesion");

        await page.GotoAsync("/indicadores");
        await Assertions.Expect(page.Locator(".big-number").First).ToHaveTextAsync(new Regex(@"^\s*7\s+de\s"));
        await page.AssertAccessibleAsync("indicadores-publicos");
    }
}
