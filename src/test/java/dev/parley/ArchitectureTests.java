package dev.parley;

import java.lang.reflect.AccessibleObject;
import java.util.Properties;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

/** House rules that Spring Modulith does not check. */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.parley");

	@Test
	void hasNoMutableStaticState() {
		fields().that()
			.areStatic()
			.and()
			.areNotFinal()
			.should()
			.notBePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.allowEmptyShould(true)
			.check(this.classes);
	}

	@Test
	void injectsThroughConstructorsOnly() {
		noFields().should().beAnnotatedWith(Autowired.class).check(this.classes);
	}

	@Test
	void keepsRepositoriesInsideTheirModule() {
		classes().that()
			.areAnnotatedWith(Repository.class)
			.should()
			.notBePublic()
			.allowEmptyShould(true)
			.check(this.classes);
	}

	@Test
	void writesNothingToStandardStreams() {
		noClasses().should()
			.accessField(System.class, "out")
			.orShould()
			.accessField(System.class, "err")
			.check(this.classes);
	}

	/**
	 * Main code keeps to the public, documented contracts of its server and database:
	 * nothing from Tomcat's connector, socket or WebSocket implementation packages (the
	 * {@code jakarta.websocket} API is the contract), nothing from H2's engine or
	 * storage, no JVM-wide system property set at runtime, no reflection past access
	 * checks.
	 */
	@Test
	void usesOnlyPublicApisOfItsServerAndDatabase() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.coyote..", "org.apache.tomcat.util.net..", "org.apache.tomcat.websocket..",
					"org.h2.engine..", "org.h2.mvstore..")
			.check(this.classes);
	}

	/** Signals between modules travel as calls or events, not through thread state. */
	@Test
	void keepsNoStaticThreadLocals() {
		noFields().that().areStatic().should().haveRawType(assignableTo(ThreadLocal.class)).check(this.classes);
	}

	@Test
	void setsNoSystemPropertiesAtRuntime() {
		noClasses().should()
			.callMethod(System.class, "setProperty", String.class, String.class)
			.orShould()
			.callMethod(System.class, "setProperties", Properties.class)
			.check(this.classes);
	}

	@Test
	void reflectsPastNoAccessChecks() {
		noClasses().should()
			.callMethodWhere(target(nameMatching("(try)?[sS]etAccessible"))
				.and(target(owner(assignableTo(AccessibleObject.class)))))
			.check(this.classes);
	}

}
