using Microsoft.Playwright;
using Scari.Testing;

namespace Scari.BrowserTests;

public sealed class KestrelApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString).WithKestrel();
}

/// <summary>The app as `dotnet run` serves it: SQLite in a data folder of its own, on a real Kestrel port.</summary>
public sealed class SqliteKestrelApp : SqliteApp
{
    protected override ScariAppFactory CreateFactory(string dataDirectory, (string Key, string? Value)[] settings) =>
        ScariAppFactory.OnSqlite(dataDirectory, settings).WithKestrel();
}

/// <summary>The first administrator's path, on PostgreSQL and on SQLite (the README's first command).</summary>
public sealed class AccountTests(Browser browser, KestrelApp app) : AccountTestsOn<KestrelApp>(browser, app);

public sealed class SqliteAccountTests(Browser browser, SqliteKestrelApp app) : AccountTestsOn<SqliteKestrelApp>(browser, app);

public abstract class AccountTestsOn<TApp>(Browser browser, TApp app) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    /// <summary>Screenshots of the SQLite run get their own names, so the two runs never write the same file.</summary>
    private static readonly string Shot = typeof(TApp) == typeof(SqliteKestrelApp) ? "-sqlite" : "";

    [Fact]
    public async Task The_first_administrator_is_created_with_the_setup_link_signs_in_and_signs_out()
    {
        var token = await app.App.IssueSetupTokenAsync();
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Aprender para transformar");
        await page.AssertAccessibleAsync("inicio" + Shot);

        await page.GotoAsync($"/cuenta/configuracion-inicial?token={token}");
        await page.AssertAccessibleAsync("configuracion-inicial" + Shot);
        await page.GetByLabel("Nombre completo").FillAsync("Administradora de Prueba");
        await page.GetByLabel("Correo electrónico").FillAsync("admin@scari.test");
        await page.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("clave-larga-2026");
        await page.GetByLabel("Repita la contraseña").FillAsync("clave-larga-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear administrador" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cuenta/ingresar$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Administrador creado");
        await page.AssertAccessibleAsync("ingresar" + Shot);
        await page.GetByLabel("Correo electrónico o número de documento").FillAsync("admin@scari.test");
        await page.GetByLabel("Contraseña").FillAsync("clave-larga-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ingresar" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Administración" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Administración");
        await page.AssertAccessibleAsync("administracion" + Shot);

        await page.GetByRole(AriaRole.Button, new() { Name = "Salir" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cerró la sesión");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ingresar" })).ToBeVisibleAsync();

        // The used link no longer works.
        var again = await page.GotoAsync($"/cuenta/configuracion-inicial?token={token}");
        Assert.Equal(404, again!.Status);
    }
}
