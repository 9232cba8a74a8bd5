using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

public sealed class StaffAdminTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task An_administrator_adds_a_colegio_and_creates_its_coordinator()
    {
        await app.App.CreateUserAsync("admin.navegador@scari.test", Roles.Administrador, fullName: "Administradora");
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.navegador@scari.test");

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dependencias y colegios" }).ClickAsync();
        await page.AssertAccessibleAsync("catalogos");
        await page.GetByLabel("Código").Last.FillAsync("IE099");
        await page.GetByLabel("Nombre", new() { Exact = true }).Last.FillAsync("Institución Educativa Nueva Esperanza");
        await page.GetByLabel("Localidad", new() { Exact = true }).FillAsync("De la Virgen y Turística");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar colegio" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se agregó IE099.");

        await page.GotoAsync("/admin/cuentas");
        await page.AssertAccessibleAsync("cuentas");
        await page.GetByLabel("Nombre completo").FillAsync("Jorge Coordinador");
        await page.GetByLabel("Correo electrónico").FillAsync("jorge@scari.test");
        await page.GetByLabel("Rol").SelectOptionAsync("Coordinador");
        await page.GetByLabel("Colegio").SelectOptionAsync(new SelectOptionValue { Label = "Institución Educativa Nueva Esperanza" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear cuenta" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cuenta creada para jorge@scari.test");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Jorge Coordinador" })).ToContainTextAsync("Institución Educativa Nueva Esperanza");

        await page.GetByRole(AriaRole.Link, new() { Name = "Cambiar rol de Jorge Coordinador" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/cuentas/.+"));
        await page.AssertAccessibleAsync("cuenta-rol");
    }
}
