using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

/// <summary>
/// Issue 19, item 7 in chromium on the real app: the administrator's home names the public address, the recovery codes
/// download as a text file the browser does not keep and print alone, public pages arrive compressed but the sign-in page
/// never, and the stylesheet applies. Screenshots: screenshots/19-7-*.png in the test output.
/// </summary>
public sealed class ReadyToDeployTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task The_administrator_sees_the_public_address_and_downloads_and_prints_the_recovery_codes()
    {
        await app.App.CreateUserAsync("admin.despliegue.19@scari.test", Roles.Administrador, fullName: "Marta Despliegue");
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.despliegue.19@scari.test");

        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator(".public-address code")).ToHaveTextAsync("https://scari.test");
        await page.AssertAccessibleAsync("19-7-inicio-administrador-direccion-publica");

        await page.GotoAsync("/cuenta/seguridad");
        var key = await page.Locator("#clave").TextContentAsync();
        await page.GetByLabel("Código de la aplicación").FillAsync(Totp.Code(key!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Activar el ingreso en dos pasos" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sus códigos de recuperación" })).ToBeVisibleAsync();
        var codes = await page.Locator(".code-list code").AllTextContentsAsync();
        Assert.Equal(TwoFactorAccounts.RecoveryCodeCount, codes.Count);
        // With JavaScript the page offers its own «Imprimir» button (without it, the page says Ctrl+P).
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Imprimir los códigos" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("19-7-codigos-de-recuperacion");

        // The download: a .txt with every code shown, sent with no-store and without compression.
        IResponse? fileResponse = null;
        page.Response += (_, r) => { if (r.Url.Contains("handler=DescargarCodigos", StringComparison.Ordinal)) fileResponse = r; };
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Descargar como archivo de texto" }).ClickAsync());
        Assert.Equal("scari-codigos-de-recuperacion.txt", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("Cuenta: admin.despliegue.19@scari.test", text);
        Assert.All(codes, code => Assert.Contains(code + "\r\n", text));
        Assert.NotNull(fileResponse);
        var headers = await fileResponse.AllHeadersAsync();
        Assert.Contains("no-store", headers["cache-control"]);
        Assert.False(headers.ContainsKey("content-encoding"), "el archivo de códigos no debe ir comprimido");

        // The print view: only the codes; the site's navigation, the buttons and the rest of the page are hidden.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        foreach (var code in codes) await Assertions.Expect(page.GetByText(code, new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".site-header nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".site-footer")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Descargar como archivo de texto" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Códigos de recuperación nuevos" })).ToBeHiddenAsync();
        await page.SaveScreenshotAsync("19-7-codigos-de-recuperacion-impresion");
    }

    [Fact]
    public async Task A_public_page_and_its_css_arrive_compressed_the_sign_in_page_does_not_and_the_css_applies()
    {
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        var css = page.WaitForResponseAsync(r => r.Url.Contains("/css/site.css", StringComparison.Ordinal));

        var catalogue = await page.GotoAsync("/cursos");
        Assert.Equal(200, catalogue!.Status);
        Assert.Matches("^(br|gzip)$", (await catalogue.AllHeadersAsync()).GetValueOrDefault("content-encoding") ?? "");
        Assert.Matches("^(br|gzip)$", (await (await css).AllHeadersAsync()).GetValueOrDefault("content-encoding") ?? "");
        // The stylesheet applies: the header takes the brand colour (--brand: #0b5c8a) and the page its font.
        Assert.Equal("rgb(11, 92, 138)", await page.Locator(".site-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Matches(new Regex("system-ui"), await page.Locator("html").EvaluateAsync<string>("e => getComputedStyle(e).fontFamily"));
        await page.SaveScreenshotAsync("19-7-catalogo-comprimido-con-estilos");

        var signIn = await page.GotoAsync("/cuenta/ingresar");
        Assert.Equal(200, signIn!.Status);
        Assert.False((await signIn.AllHeadersAsync()).ContainsKey("content-encoding"), "la página de ingreso no debe ir comprimida");
        Assert.Equal("rgb(11, 92, 138)", await page.Locator(".site-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await page.AssertAccessibleAsync("19-7-ingresar-sin-comprimir");
    }
}
