@REM modelswitch_hook.bat: run by cmd.exe at every start through the Command Processor
@REM AutoRun value that `modelswitch init cmd` sets. It makes `modelswitch` at the prompt
@REM run modelswitch.bat (next to this file), so `modelswitch use NAME` changes the window.
@doskey modelswitch="%~dp0modelswitch.bat" $*
@SET "MODELSWITCH_HOOK=cmd"
