using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scari.IntegrationTests.Indicators;
using Scari.Testing;

namespace Scari.IntegrationTests.Api;

/// <summary>/api/v1/indicadores on the counting scenario's PostgreSQL world: the public page's numbers, as JSON.</summary>
public sealed class ApiIndicatorTests(PostgresIndicatorWorld world) : IClassFixture<PostgresIndicatorWorld>
{
    private ScariAppFactory App => world.App;

    private async Task<JsonElement> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(IndicatorScenario.Cases), MemberType = typeof(IndicatorScenario))]
    public async Task Each_indicator_counts_distinct_people_at_the_cut_off(string indicator, string cutoff, int expected)
    {
        var date = DateOnly.Parse(cutoff, CultureInfo.InvariantCulture);
        JsonElement json;
        if (date > Scari.Web.Bogota.Today(TimeProvider.System))
        {
            // The API answers for today or earlier only (a later cut-off counts the same as today)...
            await GetAsync($"/api/v1/indicadores?corte={cutoff}", HttpStatusCode.BadRequest);
            // ...so the later cut-off is asked on a day after it, when every completion of the world is in the past.
            var later = new ManualClock(new DateTimeOffset(date.AddDays(30).ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero));
            await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(later)));
            using var client = app.CreateClient();
            using var response = await client.GetAsync($"/api/v1/indicadores?corte={cutoff}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        else
        {
            json = await GetAsync($"/api/v1/indicadores?corte={cutoff}");
        }
        var item = json.EnumerateArray().Single(i => i.GetProperty("id").GetString() == indicator);
        Assert.Equal(expected, item.GetProperty("count").GetInt32());
        Assert.Equal(cutoff, item.GetProperty("cutoff").GetString());
        var target = item.GetProperty("target").GetInt32();
        Assert.Equal(Math.Round(100.0 * expected / target, 1), item.GetProperty("percent").GetDouble());
    }

    [Fact]
    public async Task Without_a_cut_off_it_gives_the_same_numbers_as_the_public_page_and_no_names()
    {
        using var client = App.CreateClient();
        using var page = await client.GetAsync("/indicadores");
        var doc = FormPosting.Parse(await page.Content.ReadAsStringAsync());
        var pageNumbers = doc.QuerySelectorAll(".big-number").Select(e => e.FirstChild!.TextContent.Trim()).ToList();
        var pageNames = doc.QuerySelectorAll(".card h2").Select(e => e.TextContent.Trim()).ToList();

        using var response = await client.GetAsync("/api/v1/indicadores");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("public", response.Headers.CacheControl!.ToString());
        var json = JsonDocument.Parse(body).RootElement;

        Assert.Equal(["7", "2"], pageNumbers);
        Assert.Equal(pageNumbers, json.EnumerateArray().Select(i => i.GetProperty("count").GetInt32().ToString("N0", new CultureInfo("es-CO"))));
        Assert.Equal(pageNames, json.EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["staff", "student"], json.EnumerateArray().Select(i => i.GetProperty("audience").GetString()));
        foreach (var name in new[] { "Ana", "Carla", "Dario", "Gina", "\"1000\"" })
            Assert.DoesNotContain(name, body);
    }

    [Theory]
    [InlineData("/api/v1/indicadores?corte=2025-06-30")]
    [InlineData("/indicadores")]
    public async Task Caches_may_keep_the_numbers_only_as_long_as_the_server_still_keeps_them(string url)
    {
        // Noon in Bogotá, so the page's own cut-off (today) stays the same day two minutes later.
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 15, 17, 0, 0, TimeSpan.Zero));
        await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = app.CreateClient();

        using var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(Scari.Web.Features.Indicators.PublicIndicators.CacheFor, first.Headers.CacheControl.MaxAge);

        clock.Now += TimeSpan.FromMinutes(2);
        using var second = await client.GetAsync(url);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync()); // the server's cached copy
        Assert.Equal(Scari.Web.Features.Indicators.PublicIndicators.CacheFor - TimeSpan.FromMinutes(2), second.Headers.CacheControl!.MaxAge);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData("31-12-2025", "no es una fecha")]
    [InlineData("2025-02-30", "no es una fecha")]
    [InlineData("2999-01-01", "hoy")]
    public async Task A_bad_cut_off_answers_400_with_a_Spanish_problem(string corte, string message)
    {
        var json = await GetAsync($"/api/v1/indicadores?corte={corte}", HttpStatusCode.BadRequest);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Contains(message, json.GetProperty("detail").GetString());
    }
}
