using System.Text.Json;
using Microsoft.Playwright;
using Scari.Testing;

[assembly: AssemblyFixture(typeof(Scari.BrowserTests.Browser))]

namespace Scari.BrowserTests;

/// <summary>Debian's chromium driven by Playwright, started once for the whole assembly. Never downloads a browser.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public IBrowser Chromium { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("SCARI_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Chromium is not null) await Chromium.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// A fresh context (own cookies, or a saved sign-in <paramref name="storageState"/>) on the app's real address,
    /// 1280 px wide unless told. CSP is bypassed only so that axe can be injected.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900, string? storageState = null)
    {
        var context = await Chromium.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            BypassCSP = true,
            Locale = "es-CO",
            ViewportSize = new() { Width = width, Height = height },
            StorageState = storageState,
        });
        return await context.NewPageAsync();
    }
}

/// <summary>Accessibility and screenshots for every page a browser test checks.</summary>
public static class PageChecks
{
    /// <summary>Signs in through the sign-in form, as a person would (by label and role).</summary>
    public static async Task SignInAsync(this IPage page, string userName, string password = ScariAppFactory.DefaultPassword)
    {
        await page.GotoAsync("/cuenta/ingresar");
        await page.GetByLabel("Correo electrónico o número de documento").FillAsync(userName);
        await page.GetByLabel("Contraseña").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ingresar" }).ClickAsync();
    }

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(RepoPaths.TestsFolder("Scari.BrowserTests"), "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException("Falta axe-core: ejecute `npm ci` en tests/Scari.BrowserTests (scripts/test.sh lo hace).");
    });

    /// <summary>Runs axe-core (WCAG 2.x A and AA) and fails on serious or critical violations; saves a screenshot.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string name)
    {
        await page.SaveScreenshotAsync(name);
        var violations = await page.SeriousAxeViolationsAsync();
        Assert.True(violations.Count == 0, $"axe encontró problemas de accesibilidad en «{name}» ({page.Url}): {string.Join("; ", violations)}");
    }

    /// <summary>Saves a full-page screenshot as screenshots/{name}.png in the test output folder; returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(this IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>axe-core's serious and critical violations (WCAG 2.x A and AA) on the page as it is, one line each.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAxeViolationsAsync(this IPage page)
    {
        await page.AddScriptTagAsync(new() { Content = AxeSource.Value });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return JSON.stringify(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
            }
            """);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(v => v.GetRawText()).ToList();
    }
}
