using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

/// <summary>
/// One servant typed twice (two neighbouring digits swapped), each record with a completion of a staff course: the
/// administrator finds the pair on /admin/personas/duplicados, previews the merge, merges, and the dashboard counts one
/// person fewer.
/// </summary>
public sealed class DuplicateMergeTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    private const string Dashboard = "/admin/indicadores/funcionarios-tic?corte=2026-06-30";

    [Fact]
    public async Task An_administrator_finds_a_duplicate_pair_merges_it_and_the_indicator_falls_by_one()
    {
        var at = Bogota.StartOfDayUtc(new DateOnly(2025, 4, 4)).AddHours(10);
        await app.App.CreateCompletionAsync("Rocío", "Duplicada Ruiz", "1043940012", "seguridad-digital", completedUtc: at);
        await app.App.CreateCompletionAsync("rocio", "DUPLICADA RUIZ", "1043940021", "seguridad-digital", completedUtc: at.AddMonths(2));
        await app.App.CreateCompletionAsync("Otra", "Persona Distinta", "1043940099", "seguridad-digital", completedUtc: at);
        await app.App.CreateUserAsync("admin.duplicados@scari.test", Roles.Administrador);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.duplicados@scari.test");

        await page.GotoAsync(Dashboard);
        var before = int.Parse(await page.GetByTestId("total").InnerTextAsync(), NumberStyles.AllowThousands, Bogota.Culture);
        Assert.Equal(3, before);

        await page.GotoAsync("/admin/personas/duplicados");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Posibles duplicados");
        var row = page.Locator("table.duplicates tbody tr").Filter(new() { HasText = "CC 1043940012" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("CC 1043940021");
        await Assertions.Expect(row).ToContainTextAsync("Números a un dígito de distancia");
        await page.AssertAccessibleAsync("personas-duplicados");

        await row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Fusionar") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Fusionar dos registros de una misma persona");
        var moves = page.Locator("table.merge-moves tbody tr").Filter(new() { HasText = "Finalizaciones en línea" });
        await Assertions.Expect(moves.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Se fusiona y desaparece" })).ToContainTextAsync("1043940012");
        // One digit pair swapped: the page proposes a correction (the old number never names the person again).
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Una corrección") })).ToBeCheckedAsync();
        await page.AssertAccessibleAsync("personas-fusionar");

        await page.GetByRole(AriaRole.Button, new() { Name = "Fusionar los dos registros" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/personas/fusiones/[0-9]+$"));
        await Assertions.Expect(page.GetByText("Registros fusionados")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Deshacer la fusión" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("personas-fusion");

        await page.GotoAsync("/admin/personas/duplicados");
        await Assertions.Expect(page.Locator("table.duplicates tbody tr").Filter(new() { HasText = "1043940021" })).ToHaveCountAsync(0);

        await page.GotoAsync(Dashboard);
        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync((before - 1).ToString(CultureInfo.InvariantCulture));
    }
}
