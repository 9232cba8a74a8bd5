using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scari.IntegrationTests.Security;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Enrollment;

namespace Scari.BrowserTests;

/// <summary>
/// Every page of the route table, as every role, on a 360 px phone and a 1280 px screen: nothing may be wider than the
/// window, and axe-core (once per page and role, on the phone) may find no serious problem. One browser; each role
/// signs in once and its saved sign-in state opens both widths.
/// </summary>
public sealed class PhoneSweepTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    private const string Course = "seguridad-digital";

    /// <summary>The pages the issue found widest, and as whom to photograph them at 360 px (named in the test output).</summary>
    private static readonly Dictionary<string, (string Name, string? Role)> Shots = new()
    {
        ["/mi-aprendizaje"] = ("mi-aprendizaje", Roles.Aprendiz),
        ["/cuenta/registro"] = ("registro", null),
        ["/admin/certificados"] = ("admin-certificados", Roles.Administrador),
        ["/admin/inscripciones"] = ("admin-inscripciones", Roles.Administrador),
        ["/admin/indicadores"] = ("tablero", Roles.Administrador),
        ["/admin/importar"] = ("admin-importar", Roles.Administrador),
    };

    private sealed record World(Dictionary<string, string> Urls, Dictionary<string, string> Users);

    private async Task<World> SeedAsync()
    {
        var a = app.App;
        var scenario = await IndicatorScenario.SeedAsync(a);
        var catalog = a.Services.GetRequiredService<CourseCatalog>();
        var course = catalog.Find(Course)!;

        // A learner with one course finished (its certificate issued) and another under way.
        var done = await a.CreateCompletionAsync("Laura Sofía", "Marrugo Díaz", "1047001001", courseId: Course);
        var code = (await a.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(done.CompletionId, default)))!.Code;
        var other = catalog.Courses.First(c => c.Id != Course && c.Audience is null or Scari.Web.Features.People.Audience.Staff);
        await a.WithDbAsync(async db =>
        {
            var version = await db.CourseVersions.SingleAsync(v => v.CourseId == other.Id && v.IsCurrent);
            db.Enrollments.Add(new Enrollment { PersonId = done.PersonId, CourseId = other.Id, CourseVersionId = version.Id, Source = EnrollmentSource.Self, EnrolledUtc = DateTime.UtcNow.AddDays(-3) });
            return await db.SaveChangesAsync();
        });
        var learner = await a.CreateUserAsync("laura.marrugo@scari.test", Roles.Aprendiz, fullName: "Laura Sofía Marrugo Díaz");
        await a.LinkAccountAsync(learner.Id, personId: done.PersonId);
        var coordinator = await a.CreateCoordinatorAsync("coordinacion.colegio@scari.test", colegioId: scenario.Colegio1);
        var tutor = await a.CreateUserAsync("tutora@scari.test", Roles.Tutor);
        var cohort = await a.CreateCohortAsync("Colegio de Prueba Uno 10A", Course, scenario.Colegio1);
        await a.WithDbAsync(db => db.Cohorts.Where(c => c.Id == cohort).ExecuteUpdateAsync(s => s.SetProperty(c => c.TutorUserId, tutor.Id)));
        await a.CreateUserAsync("administracion@scari.test", Roles.Administrador);
        var session = await a.WithDbAsync(db => db.TrainingSessions.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

        var urls = new Dictionary<string, string>
        {
            ["/cursos/{curso}"] = $"/cursos/{Course}",
            ["/cursos/{curso}/{leccion}"] = $"/cursos/{Course}/{course.Items[0].Id}",
            ["/cursos/{curso}/inscribirme"] = $"/cursos/{Course}/inscribirme",
            ["/cursos/{curso}/{leccion}/avance"] = $"/cursos/{Course}/{course.Items[0].Id}/avance",
            ["/encuestas/{curso}/{tipo?}"] = $"/encuestas/{Course}",
            ["/verificar/{codigo?}"] = $"/verificar/{code}",
            ["/verificar/{codigo}/documento"] = $"/verificar/{code}/documento",
            ["/admin/personas/{id:int}"] = $"/admin/personas/{scenario.People["Ana"]}",
            ["/admin/personas/{id:int}/editar"] = $"/admin/personas/{scenario.People["Ana"]}/editar",
            ["/admin/personas/{id:int}/documento"] = $"/admin/personas/{scenario.People["Ana"]}/documento",
            ["/admin/personas/{id:int}/anonimizar"] = $"/admin/personas/{scenario.People["Ana"]}/anonimizar",
            ["/admin/cohortes/{id:int}"] = $"/admin/cohortes/{cohort}",
            ["/admin/cohortes/{id:int}/calificaciones"] = $"/admin/cohortes/{cohort}/calificaciones",
            ["/admin/cuentas/{id}"] = $"/admin/cuentas/{learner.Id}",
            ["/admin/indicadores/{indicador}/personas"] = $"/admin/indicadores/{IndicatorScenario.Staff}/personas",
            ["/admin/cobertura/{tipo:regex(^(dependencias|colegios)$)}/{id:int}"] = $"/admin/cobertura/dependencias/{scenario.Dependencia1}",
            ["/admin/formacion-presencial/{id:int}"] = $"/admin/formacion-presencial/{session}",
        };
        return new World(urls, new()
        {
            [Roles.Aprendiz] = "laura.marrugo@scari.test",
            [Roles.Coordinador] = "coordinacion.colegio@scari.test",
            [Roles.Tutor] = "tutora@scari.test",
            [Roles.Administrador] = "administracion@scari.test",
        });
    }

    [Fact]
    public async Task Every_page_fits_a_360_px_phone_and_a_1280_px_screen_for_every_role_without_a_serious_accessibility_problem()
    {
        var world = await SeedAsync();
        var routes = AppRoutes.All(app.App)
            .Where(r => r.IsPage && AppRoutes.Accepts(r, "GET"))
            .Select(r => (r.Pattern, Url: world.Urls.GetValueOrDefault(r.Pattern) ?? AppRoutes.SampleUrl(r)))
            .Where(r => !r.Url.Contains('.', StringComparison.Ordinal)) // files (CSV, XLSX, PDF), not pages
            // Last: opening the two-factor page gives the account a new key, which ends its session.
            .OrderBy(r => r.Url == "/cuenta/seguridad")
            .ToList();
        Assert.True(routes.Count > 60, $"solo {routes.Count} páginas");

        var failures = new List<string>();
        var shots = new List<string>();
        var visited = 0;
        var clock = Stopwatch.StartNew();
        foreach (var role in new string?[] { null, Roles.Aprendiz, Roles.Coordinador, Roles.Tutor, Roles.Administrador })
        {
            var state = role is null ? null : await SignedInStateAsync(world.Users[role]);
            var phone = await browser.NewPageAsync(app.App.ServerAddress, 360, 740, state);
            var screen = await browser.NewPageAsync(app.App.ServerAddress, 1280, 900, state);
            var who = role ?? "Anónimo";
            foreach (var (pattern, url) in routes)
            {
                await Task.WhenAll(phone.GotoAsync(url), screen.GotoAsync(url));
                var landed = new Uri(phone.Url).AbsolutePath;
                // A page this role may not open sends it to sign in or to "acceso denegado": checked as another role.
                if (landed != url && (landed.StartsWith("/cuenta/ingresar", StringComparison.Ordinal) || landed == "/cuenta/acceso-denegado")) continue;
                visited++;
                foreach (var (page, width) in new[] { (phone, 360), (screen, 1280) })
                {
                    var (scroll, inner, widest) = await WidthsAsync(page);
                    if (scroll > inner) failures.Add($"{who} {url} a {width} px: la página mide {scroll} px ({widest})");
                }
                foreach (var violation in await phone.SeriousAxeViolationsAsync())
                    failures.Add($"{who} {url}: axe {violation}");
                if (Shots.TryGetValue(url, out var shot) && shot.Role == role)
                    shots.Add(await phone.SaveScreenshotAsync($"telefono-360-{shot.Name}"));
            }
            await phone.Context.CloseAsync();
            await screen.Context.CloseAsync();
        }
        var summary = $"Barrido: {visited} páginas (sumadas las de cada rol) en {clock.Elapsed.TotalSeconds:F0} s. Capturas a 360 px:\n{string.Join("\n", shots)}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "screenshots", "barrido-360.txt"), summary + "\n");
        foreach (var (url, (name, role)) in Shots.Where(s => !shots.Any(path => path.EndsWith($"-{s.Value.Name}.png", StringComparison.Ordinal))))
            failures.Add($"{url}: no se abrió como {role ?? "visitante anónimo"} para su captura «{name}»");
        Assert.True(failures.Count == 0, $"{failures.Count} problemas:\n" + string.Join("\n", failures) + "\n" + summary);
    }

    /// <summary>Signs in once through the form and keeps the cookies, so both widths start signed in.</summary>
    private async Task<string> SignedInStateAsync(string userName)
    {
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync(userName);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeAttachedAsync();
        var state = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return state;
    }

    /// <summary>The document's width, the window's, and the element that sticks out furthest (to say what to fix).</summary>
    private static async Task<(int Scroll, int Inner, string Widest)> WidthsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const inner = window.innerWidth;
              let widest = '', right = inner;
              for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > right + 0.5) { right = r.right; widest = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''); }
              }
              return JSON.stringify({ scroll: document.documentElement.scrollWidth, inner, widest: widest + ' hasta ' + Math.round(right) + ' px' });
            }
            """);
        var root = JsonDocument.Parse(json).RootElement;
        return (root.GetProperty("scroll").GetInt32(), root.GetProperty("inner").GetInt32(), root.GetProperty("widest").GetString()!);
    }
}
