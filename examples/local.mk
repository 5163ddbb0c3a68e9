include $(BASEDIR)/../mk/spkgen.mk
