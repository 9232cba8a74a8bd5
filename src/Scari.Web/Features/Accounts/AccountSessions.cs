using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scari.Web.Data;

namespace Scari.Web.Features.Accounts;

/// <summary>How long sessions live: <c>Security:Sessions:IdleMinutes</c> (staff roles) and <c>Security:Sessions:AbsoluteHours</c>.</summary>
public sealed record SessionLimits(TimeSpan StaffIdle, TimeSpan Absolute)
{
    public static SessionLimits From(IConfiguration config) => new(
        TimeSpan.FromMinutes(config.GetValue("Security:Sessions:IdleMinutes", 30)),
        TimeSpan.FromHours(config.GetValue("Security:Sessions:AbsoluteHours", 12.0)));
}

/// <summary>
/// Which roles need a second factor before they count (<c>Security:TwoFactor:{Rol}</c>): by default every role that
/// sees minors' data: administrators, tutors, and coordinators of a colegio (a dependencia's coordinator sees only
/// staff). <c>Security:RequireAdminTwoFactor</c> is the older name of <c>Security:TwoFactor:Administrador</c>.
/// </summary>
public sealed class TwoFactorPolicy(IConfiguration config)
{
    public bool Administrador => config.GetValue<bool?>("Security:TwoFactor:Administrador") ?? config.GetValue("Security:RequireAdminTwoFactor", true);
    public bool Coordinador => config.GetValue("Security:TwoFactor:Coordinador", true);
    public bool Tutor => config.GetValue("Security:TwoFactor:Tutor", true);

    public bool Requires(string role, int? coordinatedColegioId) => role switch
    {
        Roles.Administrador => Administrador,
        Roles.Coordinador => Coordinador && coordinatedColegioId is not null,
        Roles.Tutor => Tutor,
        _ => false,
    };
}

/// <summary>
/// Server-side sessions behind the Identity cookie. Signing in creates a <see cref="UserSession"/> row; every request
/// validates it together with the account (one query): the row must be open, within its absolute lifetime and, for
/// staff roles, its idle timeout; the account's security stamp must match the cookie's; the account must not be locked.
/// The request's principal is then rebuilt with the roles from the database (<see cref="CurrentAccount"/>).
/// </summary>
public sealed class AccountSessions(ScariDbContext db, TimeProvider clock, SessionLimits limits, TwoFactorPolicy twoFactor,
    IOptions<IdentityOptions> identity, ILogger<AccountSessions> logger)
{
    /// <summary>HttpContext.Items key: how the sign-in about to happen was made (e.g. "codigo").</summary>
    public const string OriginItem = "scari.origen";
    private static readonly TimeSpan LastSeenGranularity = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddScariSessions(IServiceCollection services)
    {
        services.AddScoped<AccountSessions>();
        services.AddSingleton<TwoFactorPolicy>();
        services.AddSingleton(sp => SessionLimits.From(sp.GetRequiredService<IConfiguration>())); // read once, not on every request
        services.AddScoped(sp => sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Account() ?? CurrentAccount.Anonymous);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, TwoFactorPendingResultHandler>();
        services.ConfigureApplicationCookie(o =>
        {
            // The session row enforces both limits; the cookie simply never outlives the absolute one.
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<AccountSessions>().ValidateAsync(ctx);
            o.Events.OnSigningIn = ctx => ctx.HttpContext.RequestServices.GetRequiredService<AccountSessions>().OpenAsync(ctx);
        });
        return services;
    }

    private async Task OpenAsync(CookieSigningInContext ctx)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identityClaims) return;
        var userId = ctx.Principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        if (userId is null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var mfa = ctx.Principal.HasClaim("amr", "mfa");
        var current = ctx.HttpContext.Account();

        // A refresh of the same account's cookie (a role or password change, two-factor set up) keeps its session.
        if (current.IsSignedIn && current.UserId == userId && current.SessionId is { } sid)
        {
            if (mfa && !current.TwoFactor) await MarkTwoFactorAsync(sid, CancellationToken.None);
            identityClaims.AddClaim(new Claim(UserSession.SessionClaim, sid));
            return;
        }

        var origin = ctx.HttpContext.Items[OriginItem] as string ?? (mfa ? "2fa" : "contrasena");
        var session = new UserSession
        {
            Id = RandomNumberGenerator.GetHexString(32, lowercase: true),
            UserId = userId,
            CreatedUtc = now,
            LastSeenUtc = now,
            ExpiresUtc = now + limits.Absolute,
            TwoFactor = mfa,
            Origin = origin,
            MaySetPasswordWithoutCurrent = origin == "codigo",
            UserAgent = ctx.HttpContext.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 200)] : null,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        identityClaims.AddClaim(new Claim(UserSession.SessionClaim, session.Id));
    }

    private async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var principal = ctx.Principal;
        var claims = identity.Value.ClaimsIdentity;
        var userId = principal?.FindFirstValue(claims.UserIdClaimType);
        var sessionId = principal?.FindFirstValue(UserSession.SessionClaim);
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (principal is null || userId is null || sessionId is null)
        {
            await RejectAsync(ctx);
            return;
        }
        var ct = ctx.HttpContext.RequestAborted;
        var row = await SessionQuery.For(db)(db, sessionId, userId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        string? end = row switch
        {
            null => "desconocida",
            { EndedUtc: not null } => "cerrada",
            _ when now >= row.ExpiresUtc => "vencida",
            _ when stamp is null || stamp != row.SecurityStamp => "sello",
            _ when row.LockoutEnd is { } lockout && lockout > clock.GetUtcNow() => "bloqueada",
            _ when (row.Admin || row.Coordinator || row.Tutor) && now - row.LastSeenUtc > limits.StaffIdle => "inactividad",
            _ => null,
        };
        if (end is not null)
        {
            if (row is { EndedUtc: null }) await EndAsync(db.UserSessions.Where(s => s.Id == sessionId), end, ct);
            logger.LogInformation("Sesión rechazada ({Reason}) para la cuenta {UserId}.", end, userId);
            ctx.HttpContext.Items["scari.sesion.fin"] = end;
            await RejectAsync(ctx);
            return;
        }

        var held = new List<string>();
        bool Use(bool inDatabase, string role)
        {
            if (!inDatabase) return false;
            if (row!.TwoFactor || !twoFactor.Requires(role, row.CoordinatedColegioId)) return true;
            held.Add(role);
            return false;
        }
        var account = new CurrentAccount(userId, Use(row!.Admin, Roles.Administrador), Use(row.Coordinator, Roles.Coordinador),
            Use(row.Tutor, Roles.Tutor), row.CoordinatedColegioId, row.CoordinatedDependenciaId, row.PersonId)
        {
            SessionId = sessionId,
            TwoFactor = row.TwoFactor,
            RolesAwaitingTwoFactor = held,
            MaySetPasswordWithoutCurrent = row.MaySetPasswordWithoutCurrent,
            IsLearner = row.Learner,
            DisplayName = !string.IsNullOrWhiteSpace(row.PersonName) ? row.PersonName.Trim() : row.FullName.Trim(),
        };
        ctx.HttpContext.Features.Set(account);

        // The principal the rest of the request sees: the cookie's claims, with the roles replaced by the database's
        // (rebuilt only when they differ: usually the cookie already carries the same roles).
        var old = (ClaimsIdentity)principal.Identity!;
        if (!SameRoles(old, claims.RoleClaimType, account))
        {
            var rebuilt = new ClaimsIdentity(old.Claims.Where(c => c.Type != claims.RoleClaimType), old.AuthenticationType, old.NameClaimType, claims.RoleClaimType);
            foreach (var role in account.Roles) rebuilt.AddClaim(new Claim(claims.RoleClaimType, role));
            ctx.ReplacePrincipal(new ClaimsPrincipal(rebuilt));
        }

        if (now - row.LastSeenUtc >= LastSeenGranularity)
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, now), ct);
    }

    /// <summary>The session and its account, with the roles: what every signed-in request checks.</summary>
    private sealed record SessionRow(DateTime LastSeenUtc, DateTime ExpiresUtc, DateTime? EndedUtc, bool TwoFactor, bool MaySetPasswordWithoutCurrent,
        string? SecurityStamp, DateTimeOffset? LockoutEnd, int? PersonId, int? CoordinatedColegioId, int? CoordinatedDependenciaId,
        bool Admin, bool Coordinator, bool Tutor, bool Learner, string? PersonName, string FullName);

    // One round trip on every signed-in request: compiled once per provider model (Data/CompiledPerModel).
    private static readonly CompiledPerModel<Func<ScariDbContext, string, string, CancellationToken, Task<SessionRow?>>> SessionQuery = new(() =>
        EF.CompileAsyncQuery((ScariDbContext db, string sessionId, string userId, CancellationToken ct) =>
            db.UserSessions.AsNoTracking()
                .Where(s => s.Id == sessionId && s.UserId == userId)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new SessionRow(
                    s.LastSeenUtc, s.ExpiresUtc, s.EndedUtc, s.TwoFactor, s.MaySetPasswordWithoutCurrent,
                    u.SecurityStamp, u.LockoutEnd, u.PersonId, u.CoordinatedColegioId, u.CoordinatedDependenciaId,
                    db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == "administrador"),
                    db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == "coordinador"),
                    db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == "tutor"),
                    db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == "aprendiz"),
                    db.People.Where(p => p.Id == u.PersonId).Select(p => p.GivenNames + " " + p.FamilyNames).FirstOrDefault(),
                    u.FullName))
                .SingleOrDefault()));

    /// <summary>The identity's role claims are exactly the account's roles (same role claim type, no other role claim).</summary>
    private static bool SameRoles(ClaimsIdentity identity, string roleClaimType, CurrentAccount account)
    {
        if (identity.RoleClaimType != roleClaimType) return false;
        var count = 0;
        foreach (var claim in identity.Claims)
        {
            if (claim.Type != roleClaimType) continue;
            count++;
            if (!account.Roles.Contains(claim.Value)) return false;
        }
        return count == account.Roles.Count();
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext ctx)
    {
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    private Task<int> EndAsync(IQueryable<UserSession> sessions, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return sessions.Where(s => s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now).SetProperty(x => x.EndReason, reason), ct);
    }

    /// <summary>Ends one session of the account (sign-out, or closing it from the list).</summary>
    public Task<int> EndAsync(string userId, string sessionId, string reason, CancellationToken ct) =>
        EndAsync(db.UserSessions.Where(s => s.UserId == userId && s.Id == sessionId), reason, ct);

    /// <summary>Ends every session of the account except <paramref name="keepSessionId"/> (null: all of them).</summary>
    public Task<int> EndOthersAsync(string userId, string? keepSessionId, string reason, CancellationToken ct) =>
        EndAsync(db.UserSessions.Where(s => s.UserId == userId && s.Id != keepSessionId), reason, ct);

    public Task MarkTwoFactorAsync(string sessionId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.TwoFactor, true), ct);

    /// <summary>Takes the one password change without the current password that a code sign-in allows; false if already used.</summary>
    public async Task<bool> TakePasswordWithoutCurrentAsync(string sessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.Id == sessionId && s.MaySetPasswordWithoutCurrent && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.MaySetPasswordWithoutCurrent, false), ct) == 1;

    public sealed record OpenSession(string Id, DateTime CreatedUtc, DateTime LastSeenUtc, string Origin, string? UserAgent, bool TwoFactor);

    public Task<List<OpenSession>> OpenSessionsAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedUtc == null && s.ExpiresUtc > now)
            .OrderByDescending(s => s.LastSeenUtc)
            .Select(s => new OpenSession(s.Id, s.CreatedUtc, s.LastSeenUtc, s.Origin, s.UserAgent, s.TwoFactor))
            .ToListAsync(ct);
    }
}

/// <summary>
/// A page refused to an account only because one of its roles still awaits two-factor sign-in: send the person to set it
/// up (or to sign in again with it) instead of the bare access-denied page. Everything else as usual.
/// </summary>
internal sealed class TwoFactorPendingResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.Account().RolesAwaitingTwoFactor.Count > 0 && !Api.ApiProblems.IsApiRequest(context)
            && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect($"{TwoFactorSetup.SetupPath}?obligatorio=true");
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, result);
    }
}
