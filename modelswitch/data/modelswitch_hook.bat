@REM modelswitch_hook.bat: run by cmd.exe at every start through the Command Processor
@REM AutoRun value that `modelswitch init cmd` sets. It makes `modelswitch` at the prompt
@REM run modelswitch.bat (next to this file), so `modelswitch use NAME` changes the window.
@doskey modelswitch="%~dp0modelswitch.bat" $*
@REM And `claude` runs modelswitch_claude.bat: through `modelswitch run` while a profile is
@REM active in the window (so settings files cannot override it), else the real claude.
@doskey claude="%~dp0modelswitch_claude.bat" $*
@SET "MODELSWITCH_HOOK=cmd"
