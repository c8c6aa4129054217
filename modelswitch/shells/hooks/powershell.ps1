# modelswitch hook for PowerShell. Load it from $PROFILE:
#   modelswitch init powershell | Out-String | Invoke-Expression
# `modelswitch use [NAME]` and `modelswitch off` change this session; other commands run
# the program. A switch that fails changes nothing.
$Env:MODELSWITCH_HOOK = 'powershell'
function global:modelswitch {
    $exe = Get-Command -Name modelswitch -CommandType Application -ErrorAction Stop |
        Select-Object -First 1
    $verb = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
    $dashed = @($args | Where-Object { ([string]$_).StartsWith('-') }).Count -gt 0
    if (($verb -ne 'use' -and $verb -ne 'off') -or $dashed) {
        & $exe @args
        return
    }
    $rest = @($args | Select-Object -Skip 1)
    if ($verb -eq 'use') { $verb = 'env'; $rest = @('--announce') + $rest }
    $saved = [Console]::OutputEncoding
    try {
        [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
        $code = & $exe $verb @rest --shell powershell
    } finally {
        [Console]::OutputEncoding = $saved
    }
    if ($LASTEXITCODE -ne 0) { return }
    if ($code) { Invoke-Expression (@($code) -join "`n") }
}
# `claude` goes through `modelswitch run` while a profile is active here, so settings files
# cannot override the switch; `& (Get-Command claude -CommandType Application)` runs the real
# one. -cmatch is case-sensitive and \z (not $) ends the name. '--' is quoted: a bare -- is
# PowerShell's own end-of-parameters token and may not reach the program. @args splats
# every argument as typed; $LASTEXITCODE is claude's.
function global:claude {
    $name = [string]$Env:MODELSWITCH_PROFILE
    if ($name -cmatch '^[A-Za-z0-9][A-Za-z0-9._-]*\z') {
        $exe = Get-Command -Name modelswitch -CommandType Application -ErrorAction Stop |
            Select-Object -First 1
        & $exe run $name '--' @args
    } else {
        $exe = Get-Command -Name claude -CommandType Application -ErrorAction Stop |
            Select-Object -First 1
        & $exe @args
    }
}
