using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Deployment;

/// <summary>Item 7 of issue 19: the app as deployed — its CSS from any folder, compression by rule, recovery codes to keep.</summary>
public sealed partial class DeploymentTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    private ScariAppFactory App => fixture.App;
    private const string Lesson = "/cursos/seguridad-digital/phishing";

    [Fact]
    public async Task The_built_app_started_from_another_folder_serves_its_css_and_keeps_its_data_in_that_folder()
    {
        // The web project's own build output (the test bin has no wwwroot above it): Debug or Release, as this run.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepoPaths.Root, "src", "Scari.Web", "bin", tfm.Parent!.Name, tfm.Name, "Scari.Web.dll");
        Assert.True(File.Exists(dll), $"No se encontró {dll}.");
        var folder = Directory.CreateTempSubdirectory("scari-otra-carpeta-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Scari__PublicBaseUrl"] = "https://scari.test";
        start.Environment["Scari__ContentDirectory"] = RepoPaths.Content;
        start.Environment["Mail__Delivery"] = "Archivos";
        start.Environment["Reminders__Enabled"] = "false";
        using var app = Process.Start(start)!;
        try
        {
            var address = await ListeningAddressAsync(app);
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var home = await client.GetStringAsync("/");
            var css = Regex.Match(home, "href=\"(/css/site\\.css[^\"]*)\"").Groups[1].Value;
            Assert.NotEmpty(css);
            using var response = await client.GetAsync(css);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(".site-header", await response.Content.ReadAsStringAsync());
            // The SQLite folder still follows the folder the app started in (App_Data there), not the app's own.
            Assert.True(File.Exists(Path.Combine(folder, "App_Data", "scari.db")));
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> ListeningAddressAsync(Process app)
    {
        var errors = app.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a loaded machine starts slowly
        while (await app.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            if (ListeningLine().Match(line) is { Success: true } match) return match.Groups[1].Value;
        throw new InvalidOperationException("La aplicación terminó sin escuchar: " + await errors);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [Fact]
    public void A_published_app_finds_the_wwwroot_beside_it()
    {
        var published = Directory.CreateTempSubdirectory("scari-publicada-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(published, "wwwroot", "css"));
            File.WriteAllText(Path.Combine(published, "wwwroot", "css", "site.css"), "");
            Assert.Equal(Path.Combine(published, "wwwroot"), ScariPaths.WebRoot(published));
        }
        finally { Directory.Delete(published, recursive: true); }
    }

    private static HttpRequestMessage Get(string url, string encoding) =>
        new(HttpMethod.Get, url) { Headers = { { "Accept-Encoding", encoding } } };

    private static HttpRequestMessage Post(string url, string token, List<(string Name, string Value)> fields) =>
        new(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]),
            Headers = { { "Accept-Encoding", "gzip, br" } },
        };

    private static async Task<string> DecodedAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Public_pages_and_css_are_compressed_as_negotiated_and_account_pages_never()
    {
        using var client = App.CreateBrowserLikeClient();

        using var brotli = await client.SendAsync(Get(Lesson, "gzip, br"));
        Assert.Equal(HttpStatusCode.OK, brotli.StatusCode);
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Contains("</html>", await DecodedAsync(brotli));

        using var gzip = await client.SendAsync(Get("/cursos", "gzip"));
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Contains("</html>", await DecodedAsync(gzip));

        using var css = await client.SendAsync(Get("/css/site.css", "br"));
        Assert.Equal(["br"], css.Content.Headers.ContentEncoding);
        Assert.Contains(".site-header", await DecodedAsync(css));

        using var identity = await client.SendAsync(Get(Lesson, "identity"));
        Assert.Empty(identity.Content.Headers.ContentEncoding);

        // Sign-in: the form echoes the user name next to its tokens, so it is never compressed.
        using var signIn = await client.SendAsync(Get("/cuenta/ingresar", "gzip, br"));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Empty(signIn.Content.Headers.ContentEncoding);
        Assert.Contains("</html>", await DecodedAsync(signIn));
        using var failed = await client.PostFormAsync("/cuenta/ingresar", new()
        {
            ["Input.UserName"] = "nadie@scari.test",
            ["Input.Password"] = "no-es-la-clave",
        });
        Assert.Empty(failed.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_signed_in_person_gets_content_pages_compressed_but_not_what_echoes_their_input()
    {
        await App.CreateUserAsync("aprendiz.compresion@scari.test", Roles.Aprendiz);
        using var client = await App.SignedInClientAsync("aprendiz.compresion@scari.test");

        using var lesson = await client.SendAsync(Get(Lesson, "br"));
        Assert.Equal(["br"], lesson.Content.Headers.ContentEncoding);
        Assert.Contains("</html>", await DecodedAsync(lesson));

        using var search = await client.SendAsync(Get("/cursos?q=contrase%C3%B1a", "br"));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Empty(search.Content.Headers.ContentEncoding);

        using var account = await client.SendAsync(Get("/cuenta/seguridad", "br"));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Empty(account.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Recovery_codes_download_as_a_text_file_that_is_not_stored_or_compressed_and_print_alone()
    {
        const string user = "codigos.descarga@scari.test";
        await App.CreateUserAsync(user, Roles.Aprendiz);
        using var client = await App.SignedInClientAsync(user);
        var key = (await client.GetDocumentAsync("/cuenta/seguridad")).QuerySelector("#clave")!.TextContent;
        using var enabled = await client.PostFormAsync("/cuenta/seguridad", new() { ["Code"] = Totp.Code(key) });
        var page = FormPosting.Parse(await enabled.Content.ReadAsStringAsync());
        var shown = page.QuerySelectorAll(".code-list code").Select(c => c.TextContent).ToList();
        Assert.Equal(TwoFactorAccounts.RecoveryCodeCount, shown.Count);
        Assert.NotNull(page.QuerySelector(".recovery-codes button[data-imprimir]"));

        var form = page.QuerySelector("form[action*='handler=DescargarCodigos']")!;
        var action = form.GetAttribute("action")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = form.QuerySelectorAll("input[name=Codigos]").Select(i => ("Codigos", i.GetAttribute("value")!)).ToList();
        using var file = await client.SendAsync(Post(action, token, fields));

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("scari-codigos-de-recuperacion.txt", file.Content.Headers.ContentDisposition?.FileNameStar ?? file.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("no-store", file.Headers.CacheControl?.ToString());
        Assert.Empty(file.Content.Headers.ContentEncoding);
        var text = await file.Content.ReadAsStringAsync();
        Assert.Contains("Cuenta: " + user, text);
        Assert.All(shown, code => Assert.Contains(code + "\r\n", text));

        // Anything that is not a code is not written back: the page says there is nothing to download.
        using var forged = await client.SendAsync(Post(action, token, [("Codigos", "<script>alert(1)</script>")]));
        var forgedHtml = await forged.Content.ReadAsStringAsync();
        Assert.Equal("text/html", forged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No hay códigos para descargar", forgedHtml);
        Assert.DoesNotContain("<script>alert(1)", forgedHtml);

        var css = await App.CreateClient().GetStringAsync("/css/site.css");
        Assert.Contains("body:has(.recovery-codes) .narrow > :not(.recovery-codes) { display: none; }", css);
    }

    [Fact]
    public async Task The_admin_home_shows_the_public_address_to_administrators()
    {
        await App.CreateUserAsync("admin.direccion@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.direccion@scari.test");
        var home = await admin.GetDocumentAsync("/admin");
        Assert.Equal("https://scari.test", home.QuerySelector(".public-address code")?.TextContent);
    }
}
