using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

public sealed class AntiforgeryTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Every_post_form_on_every_page_carries_the_antiforgery_token()
    {
        var app = fixture.App;
        await app.CreateUserAsync("formularios@scari.test", Roles.Administrador);
        using var admin = await app.SignedInClientAsync("formularios@scari.test");
        using var anonymous = app.CreateBrowserLikeClient();

        var pages = AppRoutes.All(app).Where(r => r.IsPage && AppRoutes.Accepts(r, "GET")).ToList();
        var formsSeen = 0;
        var missing = new List<string>();
        foreach (var route in pages)
            foreach (var client in new[] { anonymous, admin })
            {
                var url = AppRoutes.SampleUrl(route);
                using var response = await client.GetAsync(url);
                var document = FormPosting.Parse(await response.Content.ReadAsStringAsync());
                foreach (var form in document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)))
                {
                    formsSeen++;
                    if (form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]") is null)
                        missing.Add($"{url}: formulario hacia «{form.GetAttribute("action")}»");
                }
            }
        Assert.True(formsSeen > 2, $"solo {formsSeen} formularios: ¿se recorrieron las páginas?");
        Assert.Empty(missing);
    }
}
