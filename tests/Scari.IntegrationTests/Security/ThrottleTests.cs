using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>
/// The app with its deployed per-address ceiling (300 sign-in posts per window), not the tests' unlimited one. The
/// window is stretched to an hour so that every post of a test falls in one window however slowly the shared machine
/// runs them: "80 sign-ins within a minute" is then asserted as "80 sign-ins within one window", not with a stopwatch.
/// </summary>
public sealed class ClassroomLimitsApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("RateLimits:Ingreso:PermitLimit", "300"), ("RateLimits:Codigos:PermitLimit", "300"),
            ("RateLimits:Ingreso:WindowSeconds", "3600"), ("RateLimits:Codigos:WindowSeconds", "3600"));
}

/// <summary>Finding 8 of the security review (and item 1 of the classroom issue): throttling without an oracle or a lockout.</summary>
public sealed class ThrottleTests(ClassroomLimitsApp fixture) : IClassFixture<ClassroomLimitsApp>
{
    private ScariAppFactory App => fixture.App;

    private static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string user, string password) =>
        client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = user, ["Input.Password"] = password });

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response) =>
        FormPosting.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task A_class_of_80_behind_one_address_signs_in_within_a_minute_while_20_wrong_passwords_for_one_account_are_refused()
    {
        // Accounts written straight through Identity, as fast as possible: the point is the sign-ins, not the set-up.
        var names = Enumerable.Range(1, 80).Select(i => $"TI-10488{i:D5}").ToList();
        await App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ScariUser>>();
            foreach (var name in names)
            {
                var user = new ScariUser { UserName = name, FullName = name, CreatedUtc = DateTime.UtcNow };
                Assert.True((await users.CreateAsync(user, ScariAppFactory.DefaultPassword)).Succeeded);
                await users.AddToRoleAsync(user, Roles.Aprendiz);
            }
            return 0;
        });
        await App.CreateUserAsync("victima@scari.test", Roles.Aprendiz);

        var classAnswers = new List<HttpStatusCode>();
        foreach (var name in names)
        {
            using var client = App.CreateBrowserLikeClient();
            using var response = await PasswordAsync(client, name, ScariAppFactory.DefaultPassword);
            classAnswers.Add(response.StatusCode);
        }
        Assert.All(classAnswers, a => Assert.Equal(HttpStatusCode.Redirect, a)); // 80 in one window of the ceiling: no 429

        using var attacker = App.CreateBrowserLikeClient();
        var answers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await PasswordAsync(attacker, "victima@scari.test", $"adivina-{i}-clave");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // answered at once, never held open
            answers.Add(await ErrorOfAsync(response));
        }
        Assert.All(answers.Take(5), a => Assert.Equal("El usuario o la contraseña no son correctos.", a));
        Assert.All(answers.Skip(5), a => Assert.Matches(@"^Demasiados intentos fallidos\. Intente de nuevo en \d+ s\.$", a));
        // While waiting, not even the right password is checked from that address.
        using var right = await PasswordAsync(attacker, "victima@scari.test", ScariAppFactory.DefaultPassword);
        Assert.Matches(@"Intente de nuevo en \d+ s", await ErrorOfAsync(right));
        Assert.False(await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "victima@scari.test").Select(u => u.LockoutEnd != null).SingleAsync()));

        // An administrator sees the waits and clears them; then the owner gets in.
        await App.CreateUserAsync("admin.esperas@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.esperas@scari.test");
        var list = await admin.GetDocumentAsync("/admin/esperas-de-ingreso");
        var keys = list.QuerySelectorAll("input[name=key]").Select(i => i.GetAttribute("value")!).ToList();
        var victimId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "victima@scari.test").Select(u => u.Id).SingleAsync());
        Assert.Contains(keys, k => k.StartsWith("ip:clave:", StringComparison.Ordinal) && k.EndsWith(victimId, StringComparison.Ordinal));
        foreach (var key in keys.Where(k => k.EndsWith(victimId, StringComparison.Ordinal)))
            using (var cleared = await admin.PostFormAsync("/admin/esperas-de-ingreso", new() { ["key"] = key }, formAction: "/admin/esperas-de-ingreso?handler=Clear"))
                Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "signin.throttle-cleared")));
        using var owner = await PasswordAsync(App.CreateBrowserLikeClient(), "victima@scari.test", ScariAppFactory.DefaultPassword);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_is_answered_exactly_like_a_real_one()
    {
        await App.CreateUserAsync("existe@scari.test", Roles.Aprendiz);
        async Task<List<string>> TryAsync(string user)
        {
            using var client = App.CreateBrowserLikeClient();
            var answers = new List<string>();
            for (var i = 0; i < 7; i++)
            {
                using var response = await PasswordAsync(client, user, "no-es-esta-clave-1");
                answers.Add(System.Text.RegularExpressions.Regex.Replace(await ErrorOfAsync(response), @"\d+ s", "N s"));
            }
            return answers;
        }
        Assert.Equal(await TryAsync("existe@scari.test"), await TryAsync("no-existe@scari.test"));
    }

    [Fact]
    public async Task Wrong_codes_for_a_students_document_slow_down_the_guesser_but_never_lock_the_student_out()
    {
        var student = await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043800800");
        var issued = Assert.Single(await App.IssueCodesAsync(student));
        using var stranger = App.CreateBrowserLikeClient();
        var answers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await stranger.PostFormAsync("/cuenta/ingresar-con-codigo", new() { ["Document"] = "1043800800", ["Code"] = "ZZZZ-ZZZZ" });
            answers.Add(await ErrorOfAsync(response));
        }
        Assert.All(answers.Take(5), a => Assert.StartsWith("El número de documento o el código no son correctos.", a));
        Assert.All(answers.Skip(5), a => Assert.StartsWith("Demasiados intentos fallidos. Intente de nuevo en ", a));
        Assert.DoesNotContain(answers, a => a.Contains("bloqueada", StringComparison.Ordinal));

        // Eight failures are under the ten per document that would slow everyone, so the student's own computer (another
        // address: here every test client shares one, so its address counters are dropped to stand for it) gets in.
        using var own = App.CreateBrowserLikeClient();
        await App.WithDbAsync(db => db.SignInThrottles.Where(t => t.Key.StartsWith("ip:")).ExecuteDeleteAsync());
        using var signedIn = await own.PostFormAsync("/cuenta/ingresar-con-codigo", new() { ["Document"] = "1043800800", ["Code"] = issued.Code });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }
}
