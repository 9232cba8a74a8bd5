# Multi-stage build of SCARI. Runs as a non-root user; migrations run as a separate `migrate` step.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json pins the developers' SDK band; the image brings its own 10.0 SDK.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Scari.Web/Scari.Web.csproj src/Scari.Web/
RUN dotnet restore src/Scari.Web/Scari.Web.csproj
COPY src/ src/
RUN dotnet publish src/Scari.Web/Scari.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
COPY content/ /content/
ENV ASPNETCORE_URLS=http://+:8080 \
    Scari__ContentDirectory=/content \
    Scari__DataDirectory=/data
RUN mkdir -p /data && chown app:app /data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Scari.Web.dll"]
