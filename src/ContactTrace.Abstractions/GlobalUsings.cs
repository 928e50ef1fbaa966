global using System.Collections.Immutable;
global using ContactTrace.Hotels;
global using ContactTrace.Policy;
global using ContactTrace.Reports;
global using ContactTrace.Scans;
global using ContactTrace.Screening;
global using Orleans;
global using ContactTrace.Tracing;
