using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// Item 4 of the "whole school at once" issue: one computation per figure. Concurrent requests share one computation;
/// the public figures are served stale with their time while one computation refreshes them; the admin dashboard sees
/// every new completion and revocation at once. The world is this class's own (the tests add completions).
/// </summary>
public sealed class FigureFlightTests(PostgresIndicatorWorld world) : IClassFixture<PostgresIndicatorWorld>
{
    private ScariAppFactory App => world.App;

    private FigureFlights Flights(IServiceProvider? services = null) => (services ?? App.Services).GetRequiredService<FigureFlights>();

    private async Task<HttpClient> AdminAsync()
    {
        const string name = "admin.vuelos@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    /// <summary>
    /// Holds every computation at its first query (the in-person sessions of the indicator) with a table lock, so the
    /// ten requests are certainly concurrent, and releases it once nine of them have joined the first one's computation
    /// (a version without single flight never gets there and fails after a minute).
    /// </summary>
    private async Task<List<HttpResponseMessage>> TenAtOnceAsync(Func<Task<HttpResponseMessage>> request)
    {
        var flights = Flights();
        var joinedBefore = flights.Joined;
        await using var connection = new NpgsqlConnection(world.Database.ConnectionString);
        await connection.OpenAsync();
        await using var hold = await connection.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("""LOCK TABLE "TrainingSessions" IN ACCESS EXCLUSIVE MODE""", connection, hold))
            await lockCommand.ExecuteNonQueryAsync();

        var requests = Enumerable.Range(0, 10).Select(_ => Task.Run(request)).ToList();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (flights.Joined - joinedBefore < 9 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var joined = flights.Joined - joinedBefore;
        await hold.RollbackAsync();
        var responses = (await Task.WhenAll(requests)).ToList();
        Assert.Equal(9, joined);
        return responses;
    }

    [Fact]
    public async Task Ten_concurrent_cold_requests_for_the_same_dashboard_share_one_computation()
    {
        using var admin = await AdminAsync();
        var before = Flights().Computations;

        var responses = await TenAtOnceAsync(() => admin.GetAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31"));

        Assert.Equal(1, Flights().Computations - before);
        var totals = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            totals.Add(FormPosting.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-testid=total]")!.TextContent.Trim());
        }
        Assert.Single(totals.Distinct());
        // Warm: no new computation.
        using var again = await admin.GetAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        Assert.Equal(1, Flights().Computations - before);
    }

    [Fact]
    public async Task Ten_concurrent_cold_requests_for_the_public_totals_share_one_computation()
    {
        var before = Flights().Computations;
        // Not a month end, so the page computes the totals only (a month end adds the per-course report, one per indicator).
        var responses = await TenAtOnceAsync(() => App.CreateClient().GetAsync("/api/v1/indicadores?corte=2025-12-30"));

        Assert.Equal(1, Flights().Computations - before);
        var counts = new List<int>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            counts.Add(json.RootElement.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "funcionarios-tic").GetProperty("count").GetInt32());
        }
        Assert.Single(counts.Distinct());
    }

    [Fact]
    public async Task The_admin_dashboard_sees_a_new_completion_and_a_revocation_at_once()
    {
        using var admin = await AdminAsync();
        async Task<int> TotalAsync() =>
            int.Parse((await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic")).QuerySelector("[data-testid=total]")!.TextContent.Trim(),
                System.Globalization.CultureInfo.InvariantCulture);

        var start = await TotalAsync();
        Assert.Equal(start, await TotalAsync()); // warm

        // Luz has only a talk marked for no indicator: a completion of a counted course today adds her.
        await App.WithDbAsync(async db =>
        {
            db.Completions.Add(new Completion
            {
                PersonId = world.World.People["Luz"], CourseId = "seguridad-digital", Source = CompletionSource.Online,
                CompletedUtc = DateTime.UtcNow.AddMinutes(-1), Hours = 8,
            });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(start + 1, await TotalAsync());

        // Carla counts through her one live certificate; revoking it takes her out.
        await App.WithDbAsync(db => db.Certificates.Where(c => c.Code == "T-CARLA-2")
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedUtc, DateTime.UtcNow)));
        Assert.Equal(start, await TotalAsync());
    }

    [Fact]
    public async Task The_public_totals_are_served_with_their_time_while_new_ones_are_computed()
    {
        // Noon in Bogotá, so "today" stays the same day while the clock moves a few minutes.
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 15, 17, 0, 0, TimeSpan.Zero));
        await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = app.CreateClient();
        async Task<(int Count, DateTime ComputedUtc)> StaffAsync()
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/indicadores"));
            var staff = json.RootElement.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "funcionarios-tic");
            return (staff.GetProperty("count").GetInt32(), staff.GetProperty("computedUtc").GetDateTime());
        }

        var first = await StaffAsync();
        Assert.Equal(clock.Now.UtcDateTime, first.ComputedUtc);

        await App.CreateCompletionAsync("Nueva", "Funcionaria", "5550001", courseId: "transformacion-digital",
            completedUtc: new DateTime(2026, 6, 15, 14, 0, 0, DateTimeKind.Utc));
        clock.Now += PublicIndicators.CacheFor + TimeSpan.FromMinutes(1);

        // Older than CacheFor: answered at once with the previous totals and their time, while one computation runs.
        Assert.Equal(first, await StaffAsync());
        var flights = Flights(app.Services);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (flights.Running > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);

        var refreshed = await StaffAsync();
        Assert.Equal(first.Count + 1, refreshed.Count);
        Assert.Equal(clock.Now.UtcDateTime, refreshed.ComputedUtc);
        Assert.Equal(2, flights.Computations); // this app's two: the first totals and the refresh
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
